// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Type from 'typebox';
import { Conflict } from '../errors/tessera-error.ts';
import { buildServer, type Server } from './server.ts';

let server: Server;
before(async () => {
  server = await buildServer({ title: 'test', cookieSecret: 'x'.repeat(32), logLevel: 'silent', bodyLimitBytes: 1024 });
  server.post('/things', {
    schema: { body: Type.Object({ name: Type.String({ minLength: 2 }), count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }) },
  }, async () => ({ ok: true }));
  server.post('/conflict', async () => {
    throw new Conflict('Already there.');
  });
});
after(() => server.close());

test('invalid fields are reported as RFC 9457 problems listing every issue with its path', async () => {
  const res = await server.inject({ method: 'POST', url: '/things', payload: { name: 'x', count: 'many', extra: 1 } });
  assert.equal(res.statusCode, 400);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const problem = res.json();
  assert.equal(problem.code, 'ERR_VALIDATION');
  assert.equal(problem.status, 400);
  assert.match(problem.type, /^urn:tessera:problem:validation$/);
  const paths = problem.errors.map((e: { path: string }) => e.path).sort();
  assert.deepEqual(paths, ['body/count', 'body/extra', 'body/name']);
});

test('malformed JSON is a 400 problem, not a crash', async () => {
  const res = await server.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '{"name": ' });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().code, 'ERR_MALFORMED_BODY');
});

test('an oversized body is refused with 413', async () => {
  const res = await server.inject({ method: 'POST', url: '/things', payload: { name: 'x'.repeat(5000), count: 1 } });
  assert.equal(res.statusCode, 413);
  assert.equal(res.json().code, 'ERR_PAYLOAD_TOO_LARGE');
});

test('an unsupported content type is refused with 415', async () => {
  const res = await server.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/x-unknown' }, payload: 'a' });
  assert.equal(res.statusCode, 415);
  assert.equal(res.json().code, 'ERR_UNSUPPORTED_MEDIA_TYPE');
});

test('domain errors keep their stable code and status', async () => {
  const res = await server.inject({ method: 'POST', url: '/conflict' });
  assert.equal(res.statusCode, 409);
  assert.equal(res.json().code, 'ERR_CONFLICT');
  assert.equal(res.json().detail, 'Already there.');
});

test('unknown routes are 404 problems', async () => {
  const res = await server.inject({ method: 'GET', url: '/nowhere?secret=1' });
  assert.equal(res.statusCode, 404);
  assert.equal(res.json().code, 'ERR_NOT_FOUND');
  assert.doesNotMatch(res.body, /secret/);
});

test('responses carry a request id and security headers', async () => {
  const res = await server.inject({ method: 'GET', url: '/healthz' });
  assert.equal(res.statusCode, 200);
  assert.ok(res.headers['x-request-id']);
  assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
});

test('the OpenAPI document describes the routes', async () => {
  const res = await server.inject({ method: 'GET', url: '/openapi.json' });
  const doc = res.json();
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.paths['/things'].post);
});

test('an over-long path parameter is a 414 problem, and a malformed escape a 400 problem, from the router too', async () => {
  const routed = await buildServer({ title: 'router', cookieSecret: 'x'.repeat(32), logLevel: 'silent' });
  try {
    routed.get('/items/:id', async () => ({ ok: true }));
    const tooLong = await routed.inject({ method: 'GET', url: `/items/${'a'.repeat(300)}` });
    assert.equal(tooLong.statusCode, 414);
    assert.match(String(tooLong.headers['content-type']), /^application\/problem\+json/);
    assert.equal(tooLong.json().code, 'ERR_URI_TOO_LONG');
    assert.equal(tooLong.json().status, 414);
    const badEscape = await routed.inject({ method: 'GET', url: '/items/%zz' });
    assert.equal(badEscape.statusCode, 400);
    assert.match(String(badEscape.headers['content-type']), /^application\/problem\+json/);
  } finally {
    await routed.close();
  }
});
