// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { MessageImprint, PKIStatus, TimeStampReq, TimeStampResp } from '@peculiar/asn1-tsp';
import { counterSerials, createTestPki } from './test-pki.ts';
import { createTimeStampAuthority } from './time-stamp-authority.ts';
import { OID_SHA256 } from './tsa-oids.ts';
import { buildServer } from '@tessera/platform';
import { registerTsaRoute } from './tsa-route.ts';

let server: FastifyInstance;
const requestDer = Buffer.from(AsnConvert.serialize(new TimeStampReq({
  messageImprint: new MessageImprint({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID_SHA256 }),
    hashedMessage: new OctetString(new Uint8Array(createHash('sha256').update('log').digest())),
  }),
})));

before(async () => {
  const pki = await createTestPki();
  const tsa = createTimeStampAuthority({ signer: pki.signer, policy: '1.3.6.1.4.1.57264.3.1', clock: { now: () => new Date() }, serialNumbers: counterSerials() });
  server = Fastify();
  registerTsaRoute(server, tsa);
  registerTsaRoute(server, tsa, '/exchange/tsa');
  server.post('/echo', async (request) => request.body);
  await server.ready();
});
after(() => server.close());

const post = (url: string, contentType: string | undefined, payload?: Buffer | string) =>
  server.inject({ method: 'POST', url, headers: contentType ? { 'content-type': contentType } : {}, ...(payload === undefined ? {} : { payload }) });

test('a timestamp-query is answered with a granted timestamp-reply', async () => {
  const response = await post('/tsa', 'application/timestamp-query', requestDer);
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['content-type'], 'application/timestamp-reply');
  assert.equal(AsnConvert.parse(response.rawPayload, TimeStampResp).status.status, PKIStatus.granted);
});

test('the route can be mounted at another path', async () => {
  const response = await post('/exchange/tsa', 'application/timestamp-query', requestDer);
  assert.equal(response.statusCode, 200);
});

test('a malformed query is still a 200 with a rejection inside, as RFC 3161 expects', async () => {
  const response = await post('/tsa', 'application/timestamp-query', Buffer.from('nonsense'));
  assert.equal(response.statusCode, 200);
  assert.equal(AsnConvert.parse(response.rawPayload, TimeStampResp).status.status, PKIStatus.rejection);
});

test('other content types and a missing body are 415', async () => {
  assert.equal((await post('/tsa', 'application/json', '{"a":1}')).statusCode, 415);
  assert.equal((await post('/tsa', 'application/octet-stream', requestDer)).statusCode, 415);
  assert.equal((await post('/tsa', 'text/plain', 'hello')).statusCode, 415);
  assert.equal((await post('/tsa', undefined)).statusCode, 415);
  const refused = await post('/tsa', undefined);
  assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
});

test('each client address may ask for a limited number of stamps, since every one costs a signature', async () => {
  const pki = await createTestPki();
  const tsa = createTimeStampAuthority({ signer: pki.signer, policy: '1.3.6.1.4.1.57264.3.1', clock: { now: () => new Date() }, serialNumbers: counterSerials() });
  const limited = await buildServer({ title: 'tsa', cookieSecret: 'c'.repeat(32), logLevel: 'silent' });
  registerTsaRoute(limited, tsa, '/tsa', { rateLimit: { max: 3, timeWindow: '1 minute' } });
  try {
    const ask = (remoteAddress: string) => limited.inject({ method: 'POST', url: '/tsa', remoteAddress, headers: { 'content-type': 'application/timestamp-query' }, payload: requestDer });
    for (let i = 0; i < 3; i++) assert.equal((await ask('10.1.1.1')).statusCode, 200);
    const over = await ask('10.1.1.1');
    assert.equal(over.statusCode, 429);
    assert.equal(over.json().code, 'ERR_TOO_MANY_REQUESTS');
    assert.equal((await ask('10.1.1.2')).statusCode, 200, 'another address is not held up');
  } finally {
    await limited.close();
  }
});

test('bodies over 64 KiB are refused with 413', async () => {
  assert.equal((await post('/tsa', 'application/timestamp-query', Buffer.alloc(64 * 1024 + 1))).statusCode, 413);
  assert.equal((await post('/tsa', 'application/timestamp-query', Buffer.alloc(64 * 1024))).statusCode, 200);
});

test('the rest of the server keeps its JSON parsing', async () => {
  const response = await post('/echo', 'application/json', '{"a":1}');
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), { a: 1 });
});
