// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import { generateTotpSecret, totpCode, totpUri, verifyTotp } from './totp.ts';
import { deriveKey, open, seal, SealBroken } from './secret-box.ts';

// RFC 6238 Appendix B: SHA-1 seed "12345678901234567890", 8-digit values; the last 6 digits are
// the 6-digit codes (RFC 4226 §5.3 truncation is the same, only the modulus differs).
const RFC6238_SEED = Secret.fromLatin1('12345678901234567890').base32;
const RFC6238_VECTORS: [number, string][] = [
  [59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'],
  [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130'],
];

test('codes match the RFC 6238 Appendix B test vectors (SHA-1)', () => {
  for (const [seconds, expected] of RFC6238_VECTORS) {
    assert.equal(TOTP.generate({ secret: Secret.fromBase32(RFC6238_SEED), algorithm: 'SHA1', digits: 8, period: 30, timestamp: seconds * 1000 }), expected);
    assert.equal(totpCode(RFC6238_SEED, new Date(seconds * 1000)), expected.slice(2));
  }
});

test('a current code verifies and tells its time step; one step of drift is tolerated, two are not', () => {
  const secret = generateTotpSecret();
  const at = new Date('2026-11-24T10:00:10Z');
  const step = Math.floor(at.getTime() / 30_000);
  assert.equal(verifyTotp({ secret, code: totpCode(secret, at), at, lastStep: null }), step);
  assert.equal(verifyTotp({ secret, code: totpCode(secret, new Date(at.getTime() - 30_000)), at, lastStep: null }), step - 1);
  assert.equal(verifyTotp({ secret, code: totpCode(secret, new Date(at.getTime() - 60_000)), at, lastStep: null }), null);
});

test('a code is never accepted twice, nor one older than the last accepted', () => {
  const secret = generateTotpSecret();
  const at = new Date('2026-11-24T10:00:10Z');
  const step = verifyTotp({ secret, code: totpCode(secret, at), at, lastStep: null });
  assert.ok(step !== null);
  assert.equal(verifyTotp({ secret, code: totpCode(secret, at), at, lastStep: step }), null);
  const earlier = totpCode(secret, new Date(at.getTime() - 30_000));
  assert.equal(verifyTotp({ secret, code: earlier, at, lastStep: step }), null);
});

test('codes that are not six digits are refused without checking', () => {
  const secret = generateTotpSecret();
  const at = new Date();
  for (const code of ['', '12345', '1234567', 'abcdef', '12345a']) assert.equal(verifyTotp({ secret, code, at, lastStep: null }), null);
});

test('the provisioning URI names issuer and account and carries the secret', () => {
  const uri = new URL(totpUri({ issuer: 'Tessera', account: 'officer.mari', secret: RFC6238_SEED }));
  assert.equal(uri.protocol, 'otpauth:');
  assert.equal(uri.searchParams.get('secret'), RFC6238_SEED);
  assert.equal(uri.searchParams.get('issuer'), 'Tessera');
  assert.match(decodeURIComponent(uri.pathname), /officer\.mari/);
});

test('a sealed secret opens only with the same key and the same bound staff id', () => {
  const key = deriveKey(new Uint8Array(32).fill(7), 'totp-secret');
  const other = deriveKey(new Uint8Array(32).fill(8), 'totp-secret');
  const sealed = seal(key, 'JBSWY3DPEHPK3PXP', 'staff-a');
  assert.ok(!sealed.includes('JBSWY3DPEHPK3PXP'));
  assert.equal(open(key, sealed, 'staff-a'), 'JBSWY3DPEHPK3PXP');
  assert.throws(() => open(key, sealed, 'staff-b'), SealBroken);
  assert.throws(() => open(other, sealed, 'staff-a'), SealBroken);
  const [v, iv, ct, tag] = sealed.split('.');
  const flipped = Buffer.from(ct!, 'base64url');
  flipped[0]! ^= 1;
  assert.throws(() => open(key, [v, iv, flipped.toString('base64url'), tag].join('.'), 'staff-a'), SealBroken);
  assert.throws(() => deriveKey(new Uint8Array(16), 'totp-secret'), RangeError);
});
