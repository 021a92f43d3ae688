// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { openTrustFixture, type TrustFixture } from '../testing/trust-fixture.ts';
import { changeCardState } from './change-card-state.ts';
import { personaliseCard } from './personalise-card.ts';
import { registerStatusSource } from './register-status-source.ts';
import { authorities, certificates } from './schema.ts';

let f: TrustFixture;
before(async () => {
  f = await openTrustFixture();
});
after(() => f.close());

const order = (n: number) => ({ orderReference: `ER-2026-9${n}`, givenNames: 'Ji-woo', surname: 'Park', dateOfBirth: '1990-04-12', sex: 'F' as const, citizenship: 'KR', pickupLocation: 'seoul-vfs' });

test('lookups asked together are answered together, each for its own issuer and serial', async () => {
  const held = (await personaliseCard(f.deps, order(1), 'officer-1')).card;
  const active = (await personaliseCard(f.deps, order(2), 'officer-1')).card;
  await changeCardState(f.deps, active.id, { action: 'activate' }, 'vfs-operator');
  const serials = async (cardId: string) => Object.fromEntries((await f.storage.db.select().from(certificates).where(eq(certificates.cardId, cardId))).map((c) => [c.usage, c.serial]));
  const keyHash = async (label: string) => Buffer.from((await f.storage.db.select().from(authorities).where(eq(authorities.label, label)))[0]!.keyHash, 'hex');
  const [heldSerials, activeSerials, authKey, signKey] = await Promise.all([serials(held.id), serials(active.id), keyHash('card-auth'), keyHash('card-sign')]);

  const source = registerStatusSource(f.storage.db, f.clock, f.deps.statusChanges);
  const answers = await Promise.all([
    source.status(authKey, heldSerials.authentication!),
    source.status(authKey, activeSerials.authentication!),
    source.status(signKey, activeSerials.signing!),
    // the right serial under the other CA's key, and a serial never issued: not ours to vouch for
    source.status(signKey, activeSerials.authentication!),
    source.status(authKey, 'abcdef0123'),
  ]);
  assert.deepEqual(answers.map((a) => a.kind), ['revoked', 'good', 'good', 'unknown', 'unknown']);
  assert.equal(answers[0]!.kind === 'revoked' && answers[0]!.reason, 'certificateHold');
  // a later lookup, after the batch, still reads the register afresh
  await changeCardState(f.deps, active.id, { action: 'suspend' }, 'officer-1');
  assert.equal((await source.status(authKey, activeSerials.authentication!)).kind, 'revoked');
});
