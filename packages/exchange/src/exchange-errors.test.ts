// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AccessDenied, BadRequest, ClientProxyNetworkError, DuplicateMessageId, GatewayError, InvalidClientIdentifier, InvalidServiceIdentifier,
  InvalidSignature, OutdatedGlobalConf, RequestTooLarge, ServerProxyNetworkError, ServiceFailed, SslAuthenticationFailed, UnknownMember,
  UnknownService, gatewayErrorOf,
} from './gateway-errors.ts';

test('errors that blame the calling system are 400, all others 500', () => {
  const expected: Array<[GatewayError, string, number]> = [
    [new BadRequest(), 'Client.BadRequest', 400],
    [new InvalidClientIdentifier(), 'Client.InvalidClientIdentifier', 400],
    [new InvalidServiceIdentifier(), 'Client.InvalidServiceIdentifier', 400],
    [new RequestTooLarge(), 'Client.RequestTooLarge', 400],
    [new OutdatedGlobalConf(), 'Server.ClientProxy.OutdatedGlobalConf', 500],
    [new ClientProxyNetworkError(), 'Server.ClientProxy.NetworkError', 500],
    [new UnknownMember(), 'Server.ClientProxy.UnknownMember', 500],
    [new SslAuthenticationFailed(), 'Server.ClientProxy.SslAuthenticationFailed', 500],
    [new AccessDenied(), 'Server.ServerProxy.AccessDenied', 500],
    [new UnknownService(), 'Server.ServerProxy.UnknownService', 500],
    [new ServiceFailed(), 'Server.ServerProxy.ServiceFailed', 500],
    [new ServerProxyNetworkError(), 'Server.ServerProxy.NetworkError', 500],
    [new InvalidSignature(), 'Server.ServerProxy.InvalidSignature', 500],
    [new DuplicateMessageId(), 'Server.ServerProxy.DuplicateMessageId', 500],
  ];
  for (const [error, type, status] of expected) {
    assert.equal(error.type, type);
    assert.equal(error.status, status, type);
  }
});

test('an error body is {type, message, detail} and the header flags the gateway as its source', () => {
  const error = new AccessDenied('Client EE/GOV/2 may not call personData');
  assert.deepEqual(error.toBody('log-123'), { type: 'Server.ServerProxy.AccessDenied', message: 'Client EE/GOV/2 may not call personData', detail: 'log-123' });
  assert.deepEqual(error.header(), ['X-Road-Error', 'Server.ServerProxy.AccessDenied']);
  assert.deepEqual(Object.keys(error.toBody('x')), ['type', 'message', 'detail']);
});

test('gateway errors stay themselves when mapped', () => {
  const error = new UnknownService();
  assert.equal(gatewayErrorOf(error, 'ServerProxy'), error);
});

test('unknown errors become InternalError of the given side without leaking their message', () => {
  const secret = new Error('connect ECONNREFUSED 10.1.2.3:5432 password=hunter2');
  const mapped = gatewayErrorOf(secret, 'ServerProxy');
  assert.equal(mapped.type, 'Server.ServerProxy.InternalError');
  assert.equal(mapped.status, 500);
  assert.equal(mapped.cause, secret);
  assert.doesNotMatch(JSON.stringify(mapped.toBody('d')), /10\.1\.2\.3|hunter2|ECONNREFUSED/);
  assert.equal(gatewayErrorOf('thrown string', 'ClientProxy').type, 'Server.ClientProxy.InternalError');
});

test('gateway errors are Errors named after their class', () => {
  const error = new ServiceFailed();
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'ServiceFailed');
});
