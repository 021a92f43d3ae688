// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TesseraError, toProblem } from '@tessera/platform';
import {
  AccessDenied, AlreadyRegistered, ExchangeError, InternalError, MemberExists, ServiceFailed, SslAuthenticationFailed, TimeStampFailed,
  UnknownService, exchangeErrors, gatewayErrorOf, isGatewayError,
} from './exchange-errors.ts';

const rows = Object.entries(exchangeErrors).map(([name, make]) => ({ name, error: new make() }));

test('every exchange error is an ExchangeError and a TesseraError with its own stable ERR_ code', () => {
  const codes = new Set<string>();
  for (const { name, error } of rows) {
    assert.ok(error instanceof ExchangeError && error instanceof TesseraError, name);
    assert.match(error.code, /^ERR_[A-Z0-9_]+$/, name);
    assert.equal(error.name, name);
    assert.ok(!codes.has(error.code), `${error.code} is used twice`);
    codes.add(error.code);
  }
});

test('a protocol fault blaming the calling system is 400, every other fault a server error (PR-REST §4.6)', () => {
  const faults = rows.filter(({ error }) => error.fault !== undefined);
  assert.ok(faults.length >= 19);
  for (const { name, error } of faults) {
    if (error.fault?.startsWith('Client.')) assert.equal(error.status, 400, name);
    else assert.ok(error.status >= 500, name);
  }
  assert.equal(new AccessDenied().fault, 'Server.ServerProxy.AccessDenied');
  assert.equal(new TimeStampFailed().fault, 'Server.ServerProxy.TimestampFailed');
});

test('the side that found a fault either gateway can find is carried in its fault type', () => {
  assert.equal(new SslAuthenticationFailed().fault, 'Server.ClientProxy.SslAuthenticationFailed');
  assert.equal(new SslAuthenticationFailed('no certificate', { side: 'ServerProxy' }).fault, 'Server.ServerProxy.SslAuthenticationFailed');
  assert.equal(new InternalError({ side: 'ClientProxy' }).fault, 'Server.ClientProxy.InternalError');
});

test('an error body is {type, message, detail} and the header flags the gateway as its source', () => {
  const error = gatewayErrorOf(new AccessDenied('Client EE/GOV/2 may not call personData'), 'ServerProxy');
  assert.deepEqual(error.toBody('log-123'), { type: 'Server.ServerProxy.AccessDenied', message: 'Client EE/GOV/2 may not call personData', detail: 'log-123' });
  assert.deepEqual(error.header(), ['X-Road-Error', 'Server.ServerProxy.AccessDenied']);
  assert.deepEqual(Object.keys(error.toBody('x')), ['type', 'message', 'detail']);
});

test('faults stay themselves when mapped', () => {
  const error = new UnknownService();
  assert.equal(gatewayErrorOf(error, 'ServerProxy'), error);
});

test('unknown errors and exchange errors that are no fault become InternalError of the given side without leaking their message', () => {
  const secret = new Error('connect ECONNREFUSED 10.1.2.3:5432 password=hunter2');
  const mapped = gatewayErrorOf(secret, 'ServerProxy');
  assert.equal(mapped.code, InternalError.code);
  assert.equal(mapped.fault, 'Server.ServerProxy.InternalError');
  assert.equal(mapped.status, 500);
  assert.equal(mapped.cause, secret);
  assert.doesNotMatch(JSON.stringify(mapped.toBody('d')), /10\.1\.2\.3|hunter2|ECONNREFUSED/);
  assert.equal(gatewayErrorOf('thrown string', 'ClientProxy').fault, 'Server.ClientProxy.InternalError');
  const registryError = new MemberExists();
  assert.equal(isGatewayError(registryError), false);
  assert.equal(gatewayErrorOf(registryError, 'ClientProxy').fault, 'Server.ClientProxy.InternalError');
});

test('registry duplicates are one family callers can tolerate as a whole, each with its own code', () => {
  const error = new MemberExists('Member GOV/1 is already registered.');
  assert.ok(error instanceof AlreadyRegistered);
  assert.equal(error.code, 'ERR_MEMBER_EXISTS');
  assert.equal(error.status, 409);
  assert.deepEqual({ status: toProblem(error).status, code: toProblem(error).code }, { status: 409, code: 'ERR_MEMBER_EXISTS' });
});

test('a server-side exchange error shows problem-details callers nothing of its message', () => {
  const problem = toProblem(new ServiceFailed('upstream 10.9.8.7 reset'));
  assert.equal(problem.code, 'ERR_INTERNAL');
  assert.doesNotMatch(JSON.stringify(problem), /10\.9\.8\.7/);
});
