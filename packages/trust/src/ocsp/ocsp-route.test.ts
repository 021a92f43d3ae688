// SPDX-License-Identifier: Apache-2.0
// End to end over HTTP, checked independently with the OpenSSL 3 command-line client.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildServer } from '@tessera/platform';
import { createOcspResponder, type OcspResponder } from './ocsp-responder.ts';
import { registerOcspRoutes } from './ocsp-route.ts';
import { certIdFor, ocspRequest } from './ocsp-test-requests.ts';
import { buildTestPki, MemoryStatusSource, responderSigner, type TestPki } from './test-pki.ts';

const run = promisify(execFile);

let pki: TestPki;
let dir: string;
let server: FastifyInstance;
let url: string;
let responder: OcspResponder;
let source: MemoryStatusSource;
let signer: ReturnType<typeof responderSigner>;

before(async () => {
  pki = await buildTestPki();
  dir = await mkdtemp(join(tmpdir(), 'tessera-ocsp-'));
  const files = {
    root: pki.root, issuing: pki.issuing, responder: pki.responder, good: pki.leaves.good, revoked: pki.leaves.revoked,
    hold: pki.leaves.onHold, other: pki.otherIssuing, otherleaf: pki.otherLeaf,
  };
  for (const [name, issued] of Object.entries(files)) await writeFile(join(dir, `${name}.pem`), issued.pem);
  source = new MemoryStatusSource();
  source.set(pki.issuingKeyHash, pki.leaves.good.serialHex, { kind: 'good' });
  source.set(pki.issuingKeyHash, pki.leaves.revoked.serialHex, { kind: 'revoked', revokedAt: new Date('2026-01-15T09:00:00Z'), reason: 'keyCompromise' });
  source.set(pki.issuingKeyHash, pki.leaves.onHold.serialHex, { kind: 'revoked', revokedAt: new Date('2026-01-16T09:00:00Z'), reason: 'certificateHold' });
  signer = responderSigner(pki.responder, 'SHA-384');
  responder = createOcspResponder({
    issuers: [{ certificate: pki.issuing.der }],
    responder: { certificate: pki.responder.der, sign: (data) => signer.sign(data), algorithm: 'P-384' },
    source,
    // openssl checks thisUpdate/nextUpdate against the real time, so this test uses it too.
    clock: { now: () => new Date() },
  });
  server = Fastify();
  await server.register(rateLimit, { global: false });
  await registerOcspRoutes(server, responder);
  url = `${await server.listen({ host: '127.0.0.1', port: 0 })}/ocsp`;
});

after(async () => {
  responder?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const file = (name: string) => join(dir, name);

/** openssl ocsp against the server; async because the server answering it lives in this process. */
async function openssl(args: string[]): Promise<{ out: string; code: number }> {
  try {
    const { stdout, stderr } = await run('openssl', ['ocsp', ...args]);
    return { out: stdout + stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    return { out: `${failed.stdout ?? ''}${failed.stderr ?? ''}`, code: failed.code ?? 1 };
  }
}

function ask(leaf: string, ...extra: string[]) {
  return openssl([
    '-issuer', file('issuing.pem'), '-cert', file(`${leaf}.pem`), '-url', url,
    '-CAfile', file('root.pem'), '-verify_other', file('issuing.pem'), ...extra,
  ]);
}

describe('OCSP over HTTP, verified by openssl ocsp', () => {
  it('reports a good certificate, with the nonce openssl sends echoed and the signature chain verified', async () => {
    const { out, code } = await ask('good', '-resp_text');
    assert.equal(code, 0, out);
    assert.match(out, /good\.pem: good/);
    assert.match(out, /Response verify OK/);
    assert.match(out, /OCSP Nonce/);
    assert.doesNotMatch(out, /WARNING|Nonce Verify error/);
  });

  it('reports revocation with reason keyCompromise', async () => {
    const { out, code } = await ask('revoked');
    assert.equal(code, 0, out);
    assert.match(out, /revoked\.pem: revoked/);
    assert.match(out, /Reason: keyCompromise/);
    assert.match(out, /Revocation Time: Jan 15 09:00:00 2026 GMT/);
  });

  it('reports a suspended certificate as revoked with reason certificateHold', async () => {
    const { out, code } = await ask('hold');
    assert.equal(code, 0, out);
    assert.match(out, /hold\.pem: revoked/);
    assert.match(out, /Reason: certificateHold/);
  });

  it('answers unknown for a certificate of an issuer it does not serve', async () => {
    const { out, code } = await openssl([
      '-issuer', file('other.pem'), '-cert', file('otherleaf.pem'), '-url', url, '-CAfile', file('root.pem'),
      '-VAfile', file('responder.pem'),
    ]);
    assert.equal(code, 0, out);
    assert.match(out, /otherleaf\.pem: unknown/);
  });

  it('returns the same pre-produced bytes to requests without nonce, and a fresh response to a nonce request', async () => {
    const before = signer.calls;
    const first = await ask('good', '-no_nonce', '-respout', file('first.der'));
    const second = await ask('good', '-no_nonce', '-respout', file('second.der'));
    assert.match(first.out, /good\.pem: good/);
    assert.match(second.out, /good\.pem: good/);
    const [a, b] = [await readFile(file('first.der')), await readFile(file('second.der'))];
    assert.deepEqual(a, b);
    assert.equal(signer.calls - before, 1, 'one signature serves both');
    const withNonce = await ask('good', '-respout', file('nonce.der'), '-resp_text');
    assert.match(withNonce.out, /OCSP Nonce/);
    assert.notDeepEqual(await readFile(file('nonce.der')), a);
  });

  it('shows a status change after invalidate', async () => {
    source.set(pki.issuingKeyHash, pki.leaves.good.serialHex, { kind: 'good' });
    await ask('good', '-no_nonce');
    source.set(pki.issuingKeyHash, pki.leaves.good.serialHex, { kind: 'revoked', revokedAt: new Date('2026-02-01T00:00:00Z'), reason: 'cessationOfOperation' });
    assert.match((await ask('good', '-no_nonce')).out, /good\.pem: good/, 'pre-produced answer still served');
    responder.invalidate(pki.leaves.good.serialHex);
    const { out } = await ask('good', '-no_nonce');
    assert.match(out, /good\.pem: revoked/);
    assert.match(out, /Reason: cessationOfOperation/);
    source.set(pki.issuingKeyHash, pki.leaves.good.serialHex, { kind: 'good' });
    responder.invalidate(pki.leaves.good.serialHex);
  });

  it('answers the GET form with a URL-encoded base64 request and RFC 5019 cache headers', async () => {
    await openssl(['-issuer', file('issuing.pem'), '-cert', file('revoked.pem'), '-no_nonce', '-reqout', file('req.der')]);
    const base64 = (await readFile(file('req.der'))).toString('base64');
    const response = await fetch(`${url}/${encodeURIComponent(base64)}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/ocsp-response');
    const cacheControl = response.headers.get('cache-control') ?? '';
    const maxAge = Number(/^max-age=(\d+), public, no-transform, must-revalidate$/.exec(cacheControl)?.[1]);
    assert.ok(maxAge > 0 && maxAge <= 900, cacheControl);
    const etag = response.headers.get('etag');
    assert.ok(etag);
    await writeFile(file('get.der'), new Uint8Array(await response.arrayBuffer()));
    const { out, code } = await openssl([
      '-respin', file('get.der'), '-issuer', file('issuing.pem'), '-cert', file('revoked.pem'),
      '-CAfile', file('root.pem'), '-verify_other', file('issuing.pem'), '-resp_text',
    ]);
    assert.equal(code, 0, out);
    assert.match(out, /Cert Status: revoked/);
    assert.match(out, /Revocation Reason: keyCompromise/);
    assert.match(out, /Response verify OK/);
    const again = await fetch(`${url}/${encodeURIComponent(base64)}`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });

  it('answers a malformed body with HTTP 200 and OCSP status malformedRequest', async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: 'not DER at all' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    await writeFile(file('malformed.der'), new Uint8Array(await response.arrayBuffer()));
    const { out } = await openssl(['-respin', file('malformed.der'), '-resp_text']);
    assert.match(out, /malformedrequest \(1\)/i);
    const get = await fetch(`${url}/%25%25not-base64`);
    assert.equal(get.status, 200);
    assert.deepEqual(new Uint8Array(await get.arrayBuffer()), Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x01));
  });

  it('limits each client address\'s requests of any kind; other addresses are not held up', async () => {
    const limited = await buildServer({ title: 'ocsp', cookieSecret: 'c'.repeat(32), logLevel: 'silent' });
    await registerOcspRoutes(limited, responder, '/ocsp', { rateLimit: { max: 2, timeWindow: '1 minute' } });
    try {
      const ask = (remoteAddress: string) => limited.inject({ method: 'POST', url: '/ocsp', remoteAddress, headers: { 'content-type': 'application/ocsp-request' }, payload: Buffer.from('not DER') });
      assert.equal((await ask('10.2.2.2')).statusCode, 200);
      assert.equal((await ask('10.2.2.2')).statusCode, 200);
      const over = await ask('10.2.2.2');
      assert.equal(over.statusCode, 429);
      assert.equal(over.json().code, 'ERR_TOO_MANY_REQUESTS');
      assert.equal((await ask('10.2.2.3')).statusCode, 200);
      // The GET form is limited too, with a budget of its own.
      const get = () => limited.inject({ method: 'GET', url: '/ocsp/MAA=', remoteAddress: '10.2.2.2' });
      assert.deepEqual([(await get()).statusCode, (await get()).statusCode, (await get()).statusCode], [200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  it('signs fresh nonce answers only up to the client\'s budget, then serves the pre-produced answer without the nonce', async () => {
    const limited = await buildServer({ title: 'ocsp', cookieSecret: 'c'.repeat(32), logLevel: 'silent' });
    await registerOcspRoutes(limited, responder, '/ocsp', { nonceRateLimit: { max: 2, timeWindow: '1 minute' } });
    const limitedUrl = `${await limited.listen({ host: '127.0.0.1', port: 0 })}/ocsp`;
    const askLimited = () => openssl([
      '-issuer', file('issuing.pem'), '-cert', file('good.pem'), '-url', limitedUrl,
      '-CAfile', file('root.pem'), '-verify_other', file('issuing.pem'), '-resp_text',
    ]);
    try {
      for (let i = 0; i < 2; i += 1) {
        const { out, code } = await askLimited();
        assert.equal(code, 0, out);
        assert.match(out, /OCSP Nonce/);
        assert.doesNotMatch(out, /WARNING/);
      }
      const over = await askLimited();
      assert.equal(over.code, 0, over.out);
      assert.match(over.out, /good\.pem: good/);
      assert.match(over.out, /Response verify OK/);
      assert.match(over.out, /WARNING: no nonce in response/);
      // Requests without a nonce never count against the budget.
      const plain = await openssl([
        '-issuer', file('issuing.pem'), '-cert', file('good.pem'), '-url', limitedUrl, '-no_nonce',
        '-CAfile', file('root.pem'), '-verify_other', file('issuing.pem'),
      ]);
      assert.match(plain.out, /good\.pem: good/);
      // Another client address still gets its nonce echoed.
      const other = await limited.inject({
        method: 'POST', url: '/ocsp', remoteAddress: '10.9.9.9', headers: { 'content-type': 'application/ocsp-request' },
        payload: Buffer.from(ocspRequest([certIdFor(pki.issuing, pki.leaves.good)], Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8))),
      });
      assert.equal(other.statusCode, 200);
      assert.ok(other.rawPayload.includes(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])), 'the nonce is echoed for another address');
    } finally {
      await limited.close();
    }
  });

  it('refuses to register on a server that cannot limit requests', async () => {
    await assert.rejects(registerOcspRoutes(Fastify(), responder), { code: 'ERR_TRUST_OPTION_INVALID' });
  });

  it('rejects a POST with another media type as 415 problem details', async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(response.status, 415);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = (await response.json()) as { status: number; code: string };
    assert.equal(problem.status, 415);
    assert.equal(problem.code, 'ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body over 64 KiB', async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: new Uint8Array(64 * 1024 + 1) });
    assert.equal(response.status, 413);
  });
});
