// SPDX-License-Identifier: Apache-2.0
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { CardChip } from './card-chip.ts';

const PINS = { PIN1: '1234', PIN2: '12345', PUK: '12345678' };
const data = new TextEncoder().encode('contract.pdf digest');
let chip: CardChip;
let signingPublicKey: CryptoKey;
let authPublicKey: CryptoKey;

beforeEach(async () => {
  chip = CardChip.blank('chip-1');
  authPublicKey = await chip.generateKeyPair('authentication');
  signingPublicKey = await chip.generateKeyPair('signing');
  chip.writeCertificate('authentication', new Uint8Array([1]));
  chip.writeCertificate('signing', new Uint8Array([2]));
  chip.writeDocumentNumber('NA0000001');
  chip.setPins(PINS);
  chip.lock();
});

const verify = (key: CryptoKey, signature: Uint8Array, message: Uint8Array) =>
  crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-384' }, key, new Uint8Array(signature), new Uint8Array(message));

test('the public key leaves the chip but the private key cannot be reached', async () => {
  assert.equal(authPublicKey.type, 'public');
  assert.deepEqual(Object.keys(chip), ['chipId']);
  assert.equal(JSON.stringify(chip).includes('privateKey'), false);
});

test('signing needs PIN2 every time', async () => {
  await assert.rejects(chip.sign(data), { code: 'ERR_SECURITY_STATUS_NOT_SATISFIED' });
  chip.verifyPin('PIN2', PINS.PIN2);
  const signature = await chip.sign(data);
  assert.equal(await verify(signingPublicKey, signature, data), true);
  await assert.rejects(chip.sign(data), { code: 'ERR_SECURITY_STATUS_NOT_SATISFIED' });
});

test('PIN1 opens authentication for the session until the card is reset', async () => {
  chip.verifyPin('PIN1', PINS.PIN1);
  const challenge = crypto.getRandomValues(new Uint8Array(48));
  assert.equal(await verify(authPublicKey, await chip.authenticate(challenge), challenge), true);
  assert.equal(await verify(authPublicKey, await chip.authenticate(challenge), challenge), true);
  chip.reset();
  await assert.rejects(chip.authenticate(challenge), { code: 'ERR_SECURITY_STATUS_NOT_SATISFIED' });
});

test('PIN1 does not unlock the signing key', async () => {
  chip.verifyPin('PIN1', PINS.PIN1);
  await assert.rejects(chip.sign(data), { code: 'ERR_SECURITY_STATUS_NOT_SATISFIED' });
});

test('three wrong PINs block it, and even the right PIN is then refused', () => {
  assert.throws(() => chip.verifyPin('PIN1', '0000'), { code: 'ERR_PIN_WRONG', extensions: { triesLeft: 2 } });
  assert.throws(() => chip.verifyPin('PIN1', '0000'), { code: 'ERR_PIN_WRONG', extensions: { triesLeft: 1 } });
  assert.throws(() => chip.verifyPin('PIN1', '0000'), { code: 'ERR_PIN_BLOCKED' });
  assert.throws(() => chip.verifyPin('PIN1', PINS.PIN1), { code: 'ERR_PIN_BLOCKED' });
  assert.equal(chip.triesLeft('PIN1'), 0);
});

test('a right PIN resets the retry counter', () => {
  assert.throws(() => chip.verifyPin('PIN2', '00000'), { code: 'ERR_PIN_WRONG' });
  chip.verifyPin('PIN2', PINS.PIN2);
  assert.equal(chip.triesLeft('PIN2'), 3);
});

test('the PUK unblocks a blocked PIN with a new PIN', async () => {
  for (let i = 0; i < 3; i++) assert.throws(() => chip.verifyPin('PIN2', '99999'), { code: i < 2 ? 'ERR_PIN_WRONG' : 'ERR_PIN_BLOCKED' });
  chip.unblockPin('PIN2', PINS.PUK, '54321');
  chip.verifyPin('PIN2', '54321');
  assert.ok(await chip.sign(data));
});

test('three wrong PUKs block the PUK for good', () => {
  assert.throws(() => chip.unblockPin('PIN1', '00000000', '4321'), { code: 'ERR_PIN_WRONG' });
  assert.throws(() => chip.unblockPin('PIN1', '00000000', '4321'), { code: 'ERR_PIN_WRONG' });
  assert.throws(() => chip.unblockPin('PIN1', '00000000', '4321'), { code: 'ERR_PUK_BLOCKED' });
  assert.throws(() => chip.unblockPin('PIN1', PINS.PUK, '4321'), { code: 'ERR_PUK_BLOCKED' });
});

test('changing a PIN needs the current one and a valid new one', () => {
  assert.throws(() => chip.changePin('PIN1', PINS.PIN1, '12'), { code: 'ERR_PIN_FORMAT' });
  assert.throws(() => chip.changePin('PIN1', '9999', '4321'), { code: 'ERR_PIN_WRONG' });
  chip.changePin('PIN1', PINS.PIN1, '4321');
  chip.verifyPin('PIN1', '4321');
});

test('personalisation commands are closed once the chip is locked', async () => {
  await assert.rejects(chip.generateKeyPair('signing'), { code: 'ERR_CARD_LIFECYCLE' });
  assert.throws(() => chip.writeCertificate('signing', new Uint8Array([9])), { code: 'ERR_CARD_LIFECYCLE' });
  assert.throws(() => chip.setPins(PINS), { code: 'ERR_CARD_LIFECYCLE' });
});

test('an incompletely personalised chip cannot be locked or used', async () => {
  const blank = CardChip.blank('chip-2');
  await blank.generateKeyPair('authentication');
  assert.throws(() => blank.lock(), { code: 'ERR_CARD_LIFECYCLE' });
  assert.throws(() => blank.verifyPin('PIN1', '1234'), { code: 'ERR_CARD_LIFECYCLE' });
});

test('PINs of the wrong shape are refused at personalisation', () => {
  const blank = CardChip.blank('chip-3');
  assert.throws(() => blank.setPins({ PIN1: '12a4', PIN2: '12345', PUK: '12345678' }), { code: 'ERR_PIN_FORMAT' });
  assert.throws(() => blank.setPins({ PIN1: '1234', PIN2: '1234', PUK: '12345678' }), { code: 'ERR_PIN_FORMAT' });
});
