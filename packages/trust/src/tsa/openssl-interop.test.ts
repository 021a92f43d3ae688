// SPDX-License-Identifier: Apache-2.0
// Independent proof: OpenSSL 3 builds the requests and judges the replies.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { counterSerials, createTestPki, type TestPki } from './test-pki.ts';
import { createTimeStampAuthority, type TimeStampAuthority } from './time-stamp-authority.ts';
import { registerTsaRoute } from './tsa-route.ts';
import { verifyTimeStampToken } from './verify-time-stamp.ts';

const POLICY = '1.3.6.1.4.1.57264.3.1';
let dir: string;
let pki: TestPki;
let tsa: TimeStampAuthority;

const file = (name: string) => join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
/** Runs `openssl ts -verify` and returns its stdout, also when it exits non-zero. */
function opensslVerify(data: string, reply: string): string {
  try {
    return openssl('ts', '-verify', '-data', file(data), '-in', file(reply), '-CAfile', file('root.pem'), '-untrusted', file('tsa.pem'));
  } catch (error) {
    return String((error as { stdout?: Buffer }).stdout ?? '');
  }
}
function query(name: string, ...extra: string[]): Uint8Array {
  openssl('ts', '-query', '-data', file('log.txt'), '-cert', '-out', file(name), ...extra);
  return readFileSync(file(name));
}
function replyText(name: string, reply: Uint8Array): string {
  writeFileSync(file(name), reply);
  return openssl('ts', '-reply', '-in', file(name), '-text');
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsa-openssl-'));
  pki = await createTestPki();
  tsa = createTimeStampAuthority({ signer: pki.signer, policy: POLICY, clock: { now: () => new Date() }, serialNumbers: counterSerials(), accuracy: { seconds: 1 } });
  writeFileSync(file('root.pem'), pki.root.toString('pem'));
  writeFileSync(file('tsa.pem'), pki.tsa.toString('pem'));
  writeFileSync(file('log.txt'), 'exchange message log, batch 1\n');
  writeFileSync(file('tampered.txt'), 'exchange message log, batch 2\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a SHA-256 request from openssl is granted and openssl verifies the reply against the root', async () => {
  const reply = await tsa.respond(query('sha256.tsq', '-sha256'));
  const text = replyText('sha256.tsr', reply);
  assert.match(text, /Status: Granted\./);
  assert.match(text, new RegExp(`Policy OID: ${POLICY.replaceAll('.', '\\.')}`));
  assert.match(text, /Hash Algorithm: sha256/);
  assert.match(text, /Accuracy: 0x01 seconds/);
  assert.match(text, /Ordering: no/);
  assert.match(text, /Time stamp: .* GMT/);
  assert.match(opensslVerify('log.txt', 'sha256.tsr'), /Verification: OK/);
});

test('the same token fails openssl verification for changed data', async () => {
  writeFileSync(file('changed.tsr'), await tsa.respond(query('changed.tsq', '-sha256')));
  assert.match(opensslVerify('log.txt', 'changed.tsr'), /Verification: OK/);
  assert.match(opensslVerify('tampered.txt', 'changed.tsr'), /Verification: FAILED/);
});

test('SHA-384 and SHA-512 imprints are granted too', async () => {
  for (const digest of ['-sha384', '-sha512']) {
    writeFileSync(file(`${digest}.tsr`), await tsa.respond(query(`${digest}.tsq`, digest)));
    assert.match(opensslVerify('log.txt', `${digest}.tsr`), /Verification: OK/, digest);
  }
});

test('the nonce is echoed when openssl sends one and absent when it does not', async () => {
  const request = query('nonce.tsq', '-sha256');
  const requestNonce = /Nonce: (0x[0-9A-F]+)/.exec(openssl('ts', '-query', '-in', file('nonce.tsq'), '-text'))?.[1];
  assert.ok(requestNonce, 'openssl sends a nonce by default');
  assert.match(replyText('nonce.tsr', await tsa.respond(request)), new RegExp(`Nonce: ${requestNonce}`));

  const withoutNonce = replyText('no-nonce.tsr', await tsa.respond(query('no-nonce.tsq', '-sha256', '-no_nonce')));
  assert.match(withoutNonce, /Status: Granted\./);
  assert.match(withoutNonce, /Nonce: unspecified/);
});

test('a SHA-1 request is rejected with badAlg', async () => {
  const text = replyText('sha1.tsr', await tsa.respond(query('sha1.tsq', '-sha1')));
  assert.match(text, /Status: Rejected\./);
  assert.match(text, /Failure info: unrecognized or unsupported algorithm identifier/);
  assert.match(text, /TST info:\s*Not included\./);
});

test('a request for a policy we do not offer is rejected with unacceptedPolicy', async () => {
  const text = replyText('policy.tsr', await tsa.respond(query('policy.tsq', '-sha256', '-tspolicy', '1.2.3.4')));
  assert.match(text, /Status: Rejected\./);
  assert.match(text, /Failure info: the requested TSA policy is not supported by the TSA/);
});

test('a request naming our own policy is granted under it', async () => {
  const text = replyText('own-policy.tsr', await tsa.respond(query('own-policy.tsq', '-sha256', '-tspolicy', POLICY)));
  assert.match(text, /Status: Granted\./);
});

test('garbage bytes get a badDataFormat rejection that openssl can read', async () => {
  const text = replyText('garbage.tsr', await tsa.respond(new TextEncoder().encode('this is not DER at all')));
  assert.match(text, /Status: Rejected\./);
  assert.match(text, /Failure info: the data submitted has the wrong format/);
});

test('the Fastify route serves openssl requests end to end', async () => {
  const server = Fastify();
  registerTsaRoute(server, tsa);
  try {
    const response = await server.inject({
      method: 'POST',
      url: '/tsa',
      headers: { 'content-type': 'application/timestamp-query' },
      payload: Buffer.from(query('route.tsq', '-sha256')),
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/timestamp-reply');
    writeFileSync(file('route.tsr'), response.rawPayload);
    assert.match(opensslVerify('log.txt', 'route.tsr'), /Verification: OK/);
  } finally {
    await server.close();
  }
});

test('a P-384 authority is verified by openssl as well', async () => {
  const pki384 = await createTestPki({ curve: 'P-384' });
  const tsa384 = createTimeStampAuthority({ signer: pki384.signer, policy: POLICY, clock: { now: () => new Date() }, serialNumbers: counterSerials() });
  writeFileSync(file('root384.pem'), pki384.root.toString('pem'));
  writeFileSync(file('tsa384.pem'), pki384.tsa.toString('pem'));
  writeFileSync(file('p384.tsr'), await tsa384.respond(query('p384.tsq', '-sha384')));
  const output = openssl('ts', '-verify', '-data', file('log.txt'), '-in', file('p384.tsr'), '-CAfile', file('root384.pem'), '-untrusted', file('tsa384.pem'));
  assert.match(output, /Verification: OK/);
});

test('our verifier accepts a token OpenSSL issued and rejects it for other data', async () => {
  const foreign = await createTestPki({ extractable: true, rootName: 'OpenSSL Test Root' });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', foreign.tsaKeys.privateKey)).toString('base64');
  writeFileSync(file('foreign-key.pem'), `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`);
  writeFileSync(file('foreign-tsa.pem'), foreign.tsa.toString('pem'));
  writeFileSync(file('foreign-serial'), '01\n');
  writeFileSync(file('foreign.cnf'), [
    '[ tsa ]', 'default_tsa = tsa_config', '[ tsa_config ]', `serial = ${file('foreign-serial')}`, 'signer_digest = sha256',
    'default_policy = 1.2.3.4.1', 'digests = sha256', 'ess_cert_id_alg = sha256', 'accuracy = secs:1', '',
  ].join('\n'));
  query('foreign.tsq', '-sha256');
  openssl('ts', '-reply', '-config', file('foreign.cnf'), '-queryfile', file('foreign.tsq'), '-signer', file('foreign-tsa.pem'),
    '-inkey', file('foreign-key.pem'), '-out', file('foreign.tsr'));
  const reply = readFileSync(file('foreign.tsr'));
  const good = await verifyTimeStampToken(reply, { data: readFileSync(file('log.txt')), trustedCertificates: [foreign.root] });
  assert.equal(good.ok, true, good.ok ? '' : good.reason);
  assert.equal(good.policy, '1.2.3.4.1');
  // OpenSSL writes the serial it used back to its serial file
  assert.equal(good.serialNumber, BigInt(`0x${readFileSync(file('foreign-serial'), 'utf8').trim()}`));
  const bad = await verifyTimeStampToken(reply, { data: readFileSync(file('tampered.txt')), trustedCertificates: [foreign.root] });
  assert.equal(bad.ok, false);
});
