// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalRequestHeaders, createBodyDigest, headerPairs, requestHash, requestLineHeaders } from './request-hash.ts';

const sha512 = (data: string | Buffer) => createHash('sha512').update(data).digest();

test('the canonical form lower-cases names, trims values, sorts by name and ends each line with \\n', () => {
  const canonical = canonicalRequestHeaders([['X-B', ' two\t'], ['Accept', 'application/json'], [':path', '/r1/EE/GOV/1/s/x?q=1']]);
  assert.equal(canonical, ':path: /r1/EE/GOV/1/s/x?q=1\naccept: application/json\nx-b: two\n');
});

test('the hash of a request with a body matches an independent computation (known answer)', () => {
  const body = Buffer.from('{"id":1124}');
  const expected = sha512(Buffer.concat([
    sha512(':method: POST\n:path: /r1/EE/GOV/1/s/pets\ncontent-type: application/json\nx-road-client: EE/GOV/2/c\n'),
    sha512(body),
  ])).toString('base64');
  const headers = [...requestLineHeaders('post', '/r1/EE/GOV/1/s/pets'), ['X-Road-Client', 'EE/GOV/2/c'] as const, ['Content-Type', 'application/json'] as const];
  const digest = createBodyDigest();
  digest.update(body.subarray(0, 4));
  digest.update(body.subarray(4));
  assert.equal(requestHash(headers, digest.digest()), expected);
});

test('the hash of a request without a body is SHA-512 of the headers digest alone', () => {
  const expected = sha512(sha512('accept: application/json\n')).toString('base64');
  assert.equal(requestHash([['Accept', 'application/json']]), expected);
  assert.notEqual(requestHash([['Accept', 'application/json']], sha512('')), expected);
});

test('an empty streamed body counts as no body', () => {
  const digest = createBodyDigest();
  digest.update(new Uint8Array(0));
  assert.equal(digest.bytes, 0);
  assert.equal(digest.digest(), undefined);
});

test('the order of different headers does not change the hash; the order of repeats does', () => {
  const a = requestHash([['a', '1'], ['b', '2'], ['c', '3']]);
  assert.equal(requestHash([['c', '3'], ['A', '1'], ['b', '2']]), a);
  assert.notEqual(requestHash([['x', '1'], ['x', '2']]), requestHash([['x', '2'], ['x', '1']]));
});

test('a changed header value, path or body changes the hash', () => {
  const body = sha512('x');
  const base = requestHash([[':path', '/r1/a?q=1'], ['accept', 'a']], body);
  assert.notEqual(requestHash([[':path', '/r1/a?q=2'], ['accept', 'a']], body), base);
  assert.notEqual(requestHash([[':path', '/r1/a?q=1'], ['accept', 'b']], body), base);
  assert.notEqual(requestHash([[':path', '/r1/a?q=1'], ['accept', 'a']], sha512('y')), base);
});

test('header values that would make the serialisation ambiguous are refused', () => {
  assert.throws(() => requestHash([['a', '1\nb: 2']]), { code: 'ERR_HEADER_INVALID' });
  assert.throws(() => requestHash([['a b', '1']]), { code: 'ERR_HEADER_INVALID' });
  assert.throws(() => requestHash([['a', '1']], new Uint8Array(10)), { code: 'ERR_EXCHANGE_OPTION_INVALID' });
});

test('header records flatten to pairs with repeats in order', () => {
  assert.deepEqual(headerPairs({ a: '1', b: ['2', '3'] }), [['a', '1'], ['b', '2'], ['b', '3']]);
});

test('a body digest cannot be finished twice', () => {
  const digest = createBodyDigest();
  digest.update('x');
  digest.digest();
  assert.throws(() => digest.digest(), { code: 'ERR_BODY_DIGEST_FINISHED' });
  assert.throws(() => digest.update('y'), { code: 'ERR_BODY_DIGEST_FINISHED' });
});
