// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { openTrustFixture, type TrustFixture } from '../testing/trust-fixture.ts';
import { changeCardState } from './change-card-state.ts';
import { personaliseCard } from './personalise-card.ts';
import { certificates } from './schema.ts';
import { StatusChanges } from './status-changes.ts';

let f: TrustFixture;
/** Another process on the same database: its own StatusChanges, following the channel. */
const elsewhere = new StatusChanges();
const heard: string[] = [];
let unfollow: () => Promise<void>;
before(async () => {
  f = await openTrustFixture();
  elsewhere.onChange((serial) => heard.push(serial));
  unfollow = await elsewhere.follow(f.storage);
});
after(async () => {
  await unfollow?.();
  await f?.close();
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((done) => setTimeout(done, 50));
}

test('a status change committed by one process is heard by another on the same database, serial by serial', async () => {
  const { card } = await personaliseCard(f.deps, { orderReference: 'ER-2026-700001', givenNames: 'Seo-yeon', surname: 'Jang', dateOfBirth: '1991-02-03', sex: 'F', citizenship: 'KR', pickupLocation: 'seoul-vfs' }, 'officer-1');
  await changeCardState(f.deps, card.id, { action: 'activate' }, 'vfs-operator');
  const serials = (await f.storage.db.select({ serial: certificates.serial }).from(certificates).where(eq(certificates.cardId, card.id))).map((r) => r.serial);
  assert.equal(serials.length, 2);
  await until(() => serials.every((s) => heard.includes(s)));
  assert.deepEqual(serials.filter((s) => !heard.includes(s)), [], 'both certificates of the card were announced');
});

test('a change that rolls back is never announced', async () => {
  await f.storage.db.transaction(async (tx) => {
    await StatusChanges.announce(tx, ['DEADBEEF']);
    tx.rollback();
  }).catch(() => undefined);
  await f.storage.db.transaction((tx) => StatusChanges.announce(tx, ['C0FFEE']));
  await until(() => heard.includes('C0FFEE'));
  assert.ok(heard.includes('C0FFEE'));
  assert.ok(!heard.includes('DEADBEEF'));
});
