// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  forwardableRequestHeaders, forwardableResponseHeaders, formatRepresentedParty, messageIdOrNew, newMessageId,
  parseIssue, parseMessageId, parseRepresentedParty, parseUserId,
} from './request-headers.ts';

const badRequest = (fn: () => unknown) => assert.throws(fn, { code: 'ERR_BAD_REQUEST', fault: 'Client.BadRequest' });

test('a new message id is a fresh UUID', () => {
  const a = newMessageId();
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, newMessageId());
});

test('a client-given X-Road-Id is kept when printable ASCII up to 255 characters', () => {
  assert.equal(parseMessageId('client-42/x'), 'client-42/x');
  assert.equal(messageIdOrNew('abc'), 'abc');
  assert.equal(parseMessageId('x'.repeat(255)), 'x'.repeat(255));
  badRequest(() => parseMessageId('x'.repeat(256)));
  badRequest(() => parseMessageId('tab\there'));
  badRequest(() => parseMessageId('ümlaut'));
  badRequest(() => parseMessageId(['a', 'b']));
});

test('a missing or empty X-Road-Id gets a generated one', () => {
  assert.equal(parseMessageId(undefined), undefined);
  assert.equal(parseMessageId(''), undefined);
  assert.match(messageIdOrNew(undefined), /^[0-9a-f-]{36}$/);
});

test('X-Road-UserId and X-Road-Issue are validated loosely', () => {
  assert.equal(parseUserId('EE38001085718'), 'EE38001085718');
  badRequest(() => parseUserId('EE3800\n1085718'));
  badRequest(() => parseUserId('E'.repeat(256)));
  assert.equal(parseIssue('MT324223MSD'), 'MT324223MSD');
  assert.equal(parseIssue('otsus nr 5 (Jõgeva)'), 'otsus nr 5 (Jõgeva)');
  badRequest(() => parseIssue('a\u0000b'));
});

test('X-Road-Represented-Party is [memberClass/]memberCode', () => {
  assert.deepEqual(parseRepresentedParty('COM/12345678'), { memberClass: 'COM', memberCode: '12345678' });
  assert.deepEqual(parseRepresentedParty('12345678'), { memberCode: '12345678' });
  assert.equal(parseRepresentedParty(undefined), undefined);
  badRequest(() => parseRepresentedParty('EE/COM/1'));
  badRequest(() => parseRepresentedParty('COM/'));
  assert.equal(formatRepresentedParty({ memberClass: 'COM', memberCode: 'õ' }), 'COM/%C3%B5');
});

test('request forwarding drops hop-by-hop headers and those the Connection header names', () => {
  const out = forwardableRequestHeaders({
    connection: 'keep-alive, X-Secret-Hop', 'keep-alive': 'timeout=5', 'x-secret-hop': '1', te: 'trailers',
    trailer: 'x', 'transfer-encoding': 'chunked', upgrade: 'h2c', 'proxy-authorization': 'Basic x', 'proxy-connection': 'x',
    host: 'gw.internal', 'user-agent': 'curl', expect: '100-continue', 'x-forwarded-for': '10.0.0.1',
    'content-type': 'application/json', accept: 'application/xml',
  });
  assert.deepEqual(out, { 'content-type': 'application/json', accept: 'application/xml' });
});

test('request forwarding replaces the X-Road headers the gateways set but keeps the caller\'s own', () => {
  const out = forwardableRequestHeaders({
    'x-road-client': 'EE/GOV/forged', 'x-road-service': 'x', 'x-road-id': 'x', 'x-road-request-id': 'x',
    'x-road-request-hash': 'x', 'x-road-error': 'x', 'x-road-security-server': 'EE/GOV/1/gw',
    'x-road-userid': 'EE38001085718', 'x-road-issue': 'case-1', 'x-road-represented-party': 'COM/1',
  });
  assert.deepEqual(out, { 'x-road-userid': 'EE38001085718', 'x-road-issue': 'case-1', 'x-road-represented-party': 'COM/1' });
});

test('request forwarding keeps cache, authorization and user-defined headers unchanged, repeats included', () => {
  const headers = {
    'cache-control': 'no-cache, no-store', pragma: 'no-cache', authorization: 'Bearer abc', 'x-powered-by': 'PHP/5.2.17',
    cookie: 'a=1', 'x-multi': ['1', '2'], 'content-length': '12',
  };
  assert.deepEqual(forwardableRequestHeaders({ ...headers, absent: undefined }), headers);
});

test('response forwarding drops Server, hop-by-hop and service-set X-Road headers', () => {
  const out = forwardableResponseHeaders({
    server: 'nginx/1.2', connection: 'close, x-hop', 'x-hop': '1', 'transfer-encoding': 'chunked',
    'x-road-client': 'x', 'x-road-service': 'x', 'x-road-id': 'x', 'x-road-request-id': 'x', 'x-road-request-hash': 'x', 'x-road-error': 'x',
    'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'], location: '/elsewhere', 'x-custom': 'kept',
  });
  assert.deepEqual(out, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'], location: '/elsewhere', 'x-custom': 'kept' });
});

test('header names are lower-cased and case variants merged in order', () => {
  assert.deepEqual(forwardableRequestHeaders({ 'X-Custom': 'a', 'x-custom': ['b'], Host: 'h' }), { 'x-custom': ['a', 'b'] });
});
