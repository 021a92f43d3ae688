// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scryptSync } from 'node:crypto';
import { hashPassword, passwordNeedsRehash, SCRYPT_PARAMS, verifyPassword } from './password-hash.ts';
import { checkPasswordPolicy } from './password-policy.ts';

test('a password hash is a PHC scrypt string with the current parameters and a random salt', async () => {
  const a = await hashPassword('correct horse battery');
  const b = await hashPassword('correct horse battery');
  assert.match(a, /^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.notEqual(a, b, 'two hashes of one password differ by salt');
});

test('the stored hash is scrypt itself (RFC 7914), so other implementations can check it', async () => {
  const phc = await hashPassword('correct horse battery');
  const [, , , salt, hash] = phc.split('$');
  const expected = scryptSync('correct horse battery', Buffer.from(salt!, 'base64'), 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  assert.equal(expected.toString('base64').replace(/=+$/, ''), hash);
});

test('only the right password verifies', async () => {
  const phc = await hashPassword('correct horse battery');
  assert.equal(await verifyPassword(phc, 'correct horse battery'), true);
  assert.equal(await verifyPassword(phc, 'correct horse batterz'), false);
  assert.equal(await verifyPassword(phc, ''), false);
});

test('a password is compared after Unicode normalisation, so composed and decomposed forms match', async () => {
  const phc = await hashPassword('pässwörd-långt-nog');
  assert.equal(await verifyPassword(phc, 'pa\u0308sswo\u0308rd-la\u030angt-nog'), true);
});

test('malformed or out-of-bounds stored hashes never verify and ask for a rehash', async () => {
  const phc = await hashPassword('correct horse battery');
  const hostile = phc.replace('ln=15', 'ln=30');
  assert.equal(await verifyPassword(hostile, 'correct horse battery'), false);
  assert.equal(await verifyPassword('plaintext', 'plaintext'), false);
  assert.equal(passwordNeedsRehash('plaintext'), true);
});

test('a hash made with weaker parameters is flagged for rehashing, a current one is not', async () => {
  const old = await hashPassword('correct horse battery', { ln: 14, r: 8, p: 1 });
  assert.equal(await verifyPassword(old, 'correct horse battery'), true);
  assert.equal(passwordNeedsRehash(old), true);
  assert.equal(passwordNeedsRehash(await hashPassword('correct horse battery')), false);
  assert.equal(passwordNeedsRehash(await hashPassword('correct horse battery'), { ...SCRYPT_PARAMS, ln: 16 }), true);
});

test('the password policy refuses short, overlong and username-equal passwords', () => {
  assert.deepEqual(checkPasswordPolicy('long enough password', 'mari'), []);
  assert.deepEqual(checkPasswordPolicy('short', 'mari').map((i) => i.code), ['minLength']);
  assert.deepEqual(checkPasswordPolicy('x'.repeat(257), 'mari').map((i) => i.code), ['maxLength']);
  assert.deepEqual(checkPasswordPolicy('Officer.Mari.Tamm', 'officer.mari.tamm').map((i) => i.code), ['sameAsUsername']);
  assert.deepEqual(checkPasswordPolicy('비밀번호비밀번호비밀번호', 'kim'), [], 'length counts characters, not bytes');
});
