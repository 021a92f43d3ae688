// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asc, count, eq } from 'drizzle-orm';
import { logEntries } from '@tessera/platform';
import { openPinEnvelope, type SealedPinEnvelope } from '../card/pin-envelope.ts';
import { isValidIdentificationCode } from '../domain/identification-code.ts';
import { openTrustFixture, type TrustFixture } from '../testing/trust-fixture.ts';
import { changeCardState } from './change-card-state.ts';
import { personaliseCard, personaliseCards, type CardOrder } from './personalise-card.ts';
import { revokeUnclaimedCards } from './revoke-unclaimed-cards.ts';
import { cardEvents, cards, certificates, holders } from './schema.ts';

let f: TrustFixture;
before(async () => {
  f = await openTrustFixture();
});
after(() => f.close());

let orders = 0;
const order = (overrides: Partial<CardOrder> = {}): CardOrder => ({
  orderReference: `ER-2026-${String(++orders).padStart(6, '0')}`,
  givenNames: 'Ji-woo', surname: 'Park', dateOfBirth: '1990-04-12', sex: 'F', citizenship: 'KR', pickupLocation: 'seoul-vfs',
  ...overrides,
});

const pem = (der: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
async function cardCertificates(cardId: string) {
  const rows = await f.storage.db.select().from(certificates).where(eq(certificates.cardId, cardId)).orderBy(asc(certificates.usage));
  const [authentication, signing] = rows;
  return { authentication: pem(authentication!.der), signing: pem(signing!.der) };
}
const logSize = async () => (await f.storage.db.select({ n: count() }).from(logEntries))[0]!.n;

test('a personalised card carries on-chip keys and certificates that openssl verifies up to the root', async () => {
  const { card } = await personaliseCard(f.deps, order(), 'officer-1');
  assert.match(card.documentNumber, /^N\d{7}$/);
  assert.equal(isValidIdentificationCode(card.holderCode), true);
  assert.match(card.holderCode, /^4900412\d{4}$/, 'woman born 1990-04-12');
  const chip = f.deps.bureau.card(card.chipId)!;
  assert.equal(chip.locked, true);
  assert.equal(chip.documentNumber, card.documentNumber);
  const certs = await cardCertificates(card.id);
  writeFileSync(join(f.dir, 'auth.pem'), certs.authentication);
  writeFileSync(join(f.dir, 'sign.pem'), certs.signing);
  assert.match(await f.openssl(['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', 'root.pem', '-untrusted', 'card-auth.pem', 'auth.pem']), /auth.pem: OK/);
  assert.match(await f.openssl(['verify', '-x509_strict', '-CAfile', 'root.pem', '-untrusted', 'card-sign.pem', 'sign.pem']), /sign.pem: OK/);
  const text = await f.openssl(['x509', '-in', 'sign.pem', '-noout', '-text']);
  assert.match(text, new RegExp(`serialNumber = PNOEE-${card.holderCode}`));
  assert.match(text, /Non Repudiation/);
  assert.deepEqual(new Uint8Array(chip.readCertificate('signing')), new Uint8Array(Buffer.from(certs.signing.split('\n').slice(1, -2).join(''), 'base64')));
});

test('until the handover, OCSP answers that both certificates are on hold', async () => {
  const { card } = await personaliseCard(f.deps, order(), 'officer-1');
  const certs = await cardCertificates(card.id);
  const auth = await f.ocsp(certs.authentication, 'card-auth');
  assert.match(auth, /Response verify OK/);
  assert.match(auth, /: revoked/);
  assert.match(auth, /Reason: certificateHold/);
  assert.match(await f.ocsp(certs.signing, 'card-sign'), /Reason: certificateHold/);
});

test('the holder alone opens the PIN envelope, and the PINs in it work on the chip', async () => {
  const { card, openingCode } = await personaliseCard(f.deps, order(), 'officer-1');
  const pins = openPinEnvelope(card.pinEnvelope as unknown as SealedPinEnvelope, openingCode);
  const chip = f.deps.bureau.card(card.chipId)!;
  chip.verifyPin('PIN2', pins.PIN2);
  assert.equal((await chip.sign(new TextEncoder().encode('contract'))).length, 96, 'a P-384 signature');
  assert.throws(() => openPinEnvelope(card.pinEnvelope as unknown as SealedPinEnvelope, 'AAAA-AAAA-AAAA-AAAA'), { code: 'ERR_PIN_ENVELOPE' });
});

test('handover activates the card: OCSP says good, within the same second', async () => {
  const { card } = await personaliseCard(f.deps, order(), 'officer-1');
  const certs = await cardCertificates(card.id);
  assert.match(await f.ocsp(certs.authentication, 'card-auth'), /certificateHold/, 'cached as on hold first');
  const active = await changeCardState(f.deps, card.id, { action: 'activate' }, 'vfs-operator');
  assert.equal(active.state, 'active');
  const answer = await f.ocsp(certs.authentication, 'card-auth');
  assert.match(answer, /: good/);
  assert.match(answer, /Response verify OK/);
});

test('suspension puts the certificates on hold, resumption lifts it, and the CRL follows', async () => {
  const { card } = await personaliseCard(f.deps, order(), 'officer-1');
  await changeCardState(f.deps, card.id, { action: 'activate' }, 'vfs-operator');
  const certs = await cardCertificates(card.id);
  await changeCardState(f.deps, card.id, { action: 'suspend' }, 'helpdesk');
  assert.match(await f.ocsp(certs.signing, 'card-sign'), /Reason: certificateHold/);
  await f.services.refreshCrls();
  const serial = (await f.openssl(['x509', '-in', writeLeaf(certs.signing), '-noout', '-serial'])).trim().split('=')[1]!;
  const crl = await fetchCrl('card-sign');
  assert.match(crl, /verify OK/);
  assert.match(crl, new RegExp(`Serial Number: ${serial}[\\s\\S]*?Certificate Hold`));
  await changeCardState(f.deps, card.id, { action: 'resume' }, 'officer-1');
  assert.match(await f.ocsp(certs.signing, 'card-sign'), /: good/);
  await f.services.refreshCrls();
  assert.doesNotMatch(await fetchCrl('card-sign'), new RegExp(serial));
});

test('a card reported stolen is revoked for key compromise, for good', async () => {
  const { card } = await personaliseCard(f.deps, order(), 'officer-1');
  await changeCardState(f.deps, card.id, { action: 'activate' }, 'vfs-operator');
  await changeCardState(f.deps, card.id, { action: 'revoke', reason: 'stolen' }, 'officer-1');
  const certs = await cardCertificates(card.id);
  const answer = await f.ocsp(certs.authentication, 'card-auth');
  assert.match(answer, /Reason: keyCompromise/);
  const logBefore = await logSize();
  await assert.rejects(changeCardState(f.deps, card.id, { action: 'resume' }, 'officer-1'), { code: 'ERR_INVALID_TRANSITION', status: 409 });
  assert.equal(await logSize(), logBefore, 'a refused change writes nothing');
});

test('an unknown revocation reason is refused and changes nothing', async () => {
  const { card } = await personaliseCard(f.deps, order(), 'officer-1');
  await assert.rejects(changeCardState(f.deps, card.id, { action: 'revoke', reason: 'bored' as never }, 'officer-1'), { code: 'ERR_VALIDATION' });
  const events = await f.storage.db.select().from(cardEvents).where(eq(cardEvents.cardId, card.id));
  assert.deepEqual(events.map((e) => e.type), ['personalised']);
});

test('a revocation reason that only Object.prototype has (toString, constructor) is refused and changes nothing', async () => {
  const { card } = await personaliseCard(f.deps, order(), 'officer-1');
  for (const reason of ['toString', 'constructor', '__proto__']) {
    await assert.rejects(changeCardState(f.deps, card.id, { action: 'revoke', reason: reason as never }, 'officer-1'), { code: 'ERR_VALIDATION' });
  }
  const events = await f.storage.db.select().from(cardEvents).where(eq(cardEvents.cardId, card.id));
  assert.deepEqual(events.map((e) => e.type), ['personalised']);
});

test('a renewal keeps the identification code, and its handover revokes the old card as superseded', async () => {
  const first = await personaliseCard(f.deps, order(), 'officer-1');
  await changeCardState(f.deps, first.card.id, { action: 'activate' }, 'vfs-operator');
  const renewal = await personaliseCard(f.deps, order({ replaces: first.card }), 'officer-1');
  assert.equal(renewal.card.holderCode, first.card.holderCode);
  assert.notEqual(renewal.card.documentNumber, first.card.documentNumber);
  await changeCardState(f.deps, renewal.card.id, { action: 'activate' }, 'vfs-operator');
  const old = await cardCertificates(first.card.id);
  assert.match(await f.ocsp(old.authentication, 'card-auth'), /Reason: superseded/);
});

test('one order gets one card', async () => {
  const o = order();
  await personaliseCard(f.deps, o, 'officer-1');
  await assert.rejects(personaliseCard(f.deps, o, 'officer-1'), { code: 'ERR_CARD_ALREADY_ORDERED', status: 409 });
});

test('a batch personalises every order with its own document number, identification code and log event, and openssl verifies its certificates', async () => {
  // Three holders born the same day: each takes the next serial, none a serial already given.
  const before = await personaliseCard(f.deps, order({ dateOfBirth: '1993-07-21' }), 'officer-1');
  const batch = [order({ dateOfBirth: '1993-07-21' }), order({ dateOfBirth: '1993-07-21' }), order({ dateOfBirth: '1985-01-30', sex: 'M' }), order({ replaces: before.card })];
  const made = await personaliseCards(f.deps, batch, 'officer-1');
  assert.deepEqual(made.map((m) => m.card.orderReference), batch.map((o) => o.orderReference), 'answered in the orders’ order');
  assert.equal(new Set(made.map((m) => m.card.documentNumber)).size, 4);
  const serial = (code: string) => Number(code.slice(7, 10));
  assert.deepEqual([made[0]!, made[1]!].map((m) => serial(m.card.holderCode)), [serial(before.card.holderCode) + 1, serial(before.card.holderCode) + 2]);
  assert.match(made[2]!.card.holderCode, /^3850130\d{4}$/);
  assert.equal(made[3]!.card.holderCode, before.card.holderCode, 'a renewal keeps the code');
  assert.ok(made.every((m) => isValidIdentificationCode(m.card.holderCode)));
  for (const m of made) {
    assert.match(openPinEnvelope(m.card.pinEnvelope as unknown as SealedPinEnvelope, m.openingCode).PIN1, /^\d{4}$/);
    const leaves = await f.storage.db.select({ leaf: logEntries.leaf }).from(logEntries).where(eq(logEntries.subject, m.card.documentNumber));
    assert.deepEqual(leaves.map((l) => JSON.parse(l.leaf).type), ['card.personalised']);
  }
  const certs = await cardCertificates(made[1]!.card.id);
  writeFileSync(join(f.dir, 'batch-sign.pem'), certs.signing);
  assert.match(await f.openssl(['verify', '-x509_strict', '-CAfile', 'root.pem', '-untrusted', 'card-sign.pem', 'batch-sign.pem']), /batch-sign.pem: OK/);
  assert.match(await f.openssl(['x509', '-in', 'batch-sign.pem', '-noout', '-subject']), new RegExp(`PNOEE-${made[1]!.card.holderCode}`));
});

test('a batch with an order already made, or one order twice, is refused whole and writes no card, certificate or log event', async () => {
  const made = order();
  await personaliseCard(f.deps, made, 'officer-1');
  const counts = async () => ({
    cards: (await f.storage.db.select({ n: count() }).from(cards))[0]!.n,
    certificates: (await f.storage.db.select({ n: count() }).from(certificates))[0]!.n,
    log: await logSize(),
  });
  const start = await counts();
  const fresh = order();
  await assert.rejects(personaliseCards(f.deps, [order(), made, order()], 'officer-1'), { code: 'ERR_CARD_ALREADY_ORDERED', status: 409, message: new RegExp(made.orderReference) });
  await assert.rejects(personaliseCards(f.deps, [fresh, order(), fresh], 'officer-1'), { code: 'ERR_CARD_ALREADY_ORDERED', message: new RegExp(fresh.orderReference) });
  assert.deepEqual(await counts(), start);
  assert.equal((await f.storage.db.select({ n: count() }).from(holders).where(eq(holders.firstOrder, fresh.orderReference)))[0]!.n, 0);
});

test('every card change is in the transparency log, by document number and without the holder’s name', async () => {
  const { card } = await personaliseCard(f.deps, order({ givenNames: 'Seo-yeon', surname: 'Lim' }), 'officer-1');
  await changeCardState(f.deps, card.id, { action: 'activate' }, 'vfs-operator');
  const leaves = (await f.storage.db.select({ leaf: logEntries.leaf }).from(logEntries).where(eq(logEntries.subject, card.documentNumber))).map((r) => r.leaf);
  assert.deepEqual(leaves.map((l) => JSON.parse(l).type), ['card.personalised', 'card.activated']);
  assert.ok(leaves.every((l) => !l.includes('Lim') && !l.includes(card.holderCode)));
});

test('OCSP answers unknown for a certificate the CA never issued', async () => {
  const answer = await f.openssl(['ocsp', '-issuer', 'card-auth.pem', '-serial', '0x1234567890', '-url', `${f.baseUrl}/ocsp/${f.hierarchy.issuing['card-auth'].keyLabel}`, '-CAfile', 'root.pem', '-verify_other', 'card-auth.pem']);
  assert.match(answer, /: unknown/);
});

let leaves = 0;
function writeLeaf(certificatePem: string): string {
  const file = `cert-${++leaves}.pem`;
  writeFileSync(join(f.dir, file), certificatePem);
  return file;
}

async function fetchCrl(role: 'card-auth' | 'card-sign'): Promise<string> {
  const der = Buffer.from(await (await fetch(`${f.baseUrl}/crl/${f.hierarchy.issuing[role].keyLabel}.crl`)).arrayBuffer());
  const file = `crl-${++leaves}.der`;
  writeFileSync(join(f.dir, file), der);
  return f.openssl(['crl', '-inform', 'DER', '-in', file, '-text', '-noout', '-CAfile', `${role}.pem`]);
}

test('a card not collected by its deadline is revoked as unclaimed', async () => {
  const { card } = await personaliseCard(f.deps, order(), 'officer-1');
  assert.equal(await revokeUnclaimedCards(f.deps), 0, 'not yet due');
  const realNow = f.clock.now();
  f.clock.set(new Date(Date.parse(card.collectBy) + 2 * 86_400_000));
  try {
    assert.ok(await revokeUnclaimedCards(f.deps) >= 1);
  } finally {
    f.clock.set(realNow);
  }
  const [row] = await f.storage.db.select().from(certificates).where(eq(certificates.cardId, card.id));
  assert.equal(row!.reason, 'cessationOfOperation');
});

test('a revocation reaches the published CRL by itself, without waiting for the schedule', async () => {
  const { card } = await personaliseCard(f.deps, order(), 'officer-1');
  await changeCardState(f.deps, card.id, { action: 'activate' }, 'vfs-operator');
  await changeCardState(f.deps, card.id, { action: 'revoke', reason: 'death' }, 'officer-1');
  const certs = await cardCertificates(card.id);
  const serial = (await f.openssl(['x509', '-in', writeLeaf(certs.authentication), '-noout', '-serial'])).trim().split('=')[1]!;
  // The serial is on the CRL from personalisation on (certificateHold): wait for its revocation entry, not for the serial.
  const revokedEntry = new RegExp(`Serial Number: ${serial}\\n\\s+Revocation Date: [^\\n]+\\n\\s+CRL entry extensions:\\n\\s+X509v3 CRL Reason Code: \\n\\s+Cessation Of Operation`);
  let crl = '';
  for (let attempt = 0; attempt < 50 && !revokedEntry.test(crl); attempt++) {
    await new Promise((done) => setTimeout(done, 100));
    crl = await fetchCrl('card-auth');
  }
  assert.match(crl, revokedEntry);
});
