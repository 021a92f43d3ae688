// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, openTestStorage, type Storage } from '@tessera/platform';
import { credentialsMigrations } from '../migrations.ts';
import { dpopProofs } from '../schema.ts';
import { dpopProofRegister, pruneDpopProofs } from './dpop-proofs.ts';

let storage: Storage;
const clock = new ManualClock('2026-12-03T12:00:00Z');
const inMinutes = (n: number) => new Date(clock.now().getTime() + n * 60_000);

before(async () => {
  storage = await openTestStorage();
  await storage.migrate(credentialsMigrations);
});
after(() => storage?.close());

test('a DPoP proof’s jti is accepted once by every process of the issuer: the register of another process over the same database refuses it', async () => {
  const one = dpopProofRegister({ db: storage.db, clock });
  const other = dpopProofRegister({ db: storage.db, clock });
  assert.equal(await one('jti-first-use-0001', inMinutes(6)), true);
  assert.equal(await other('jti-first-use-0001', inMinutes(6)), false);
  assert.equal(await one('jti-first-use-0001', inMinutes(6)), false);
  assert.equal(await other('jti-first-use-0002', inMinutes(6)), true);
  // Only the SHA-256 of the jti is kept.
  const rows = await storage.db.select().from(dpopProofs);
  assert.ok(rows.every((r) => !r.jtiHash.includes('jti-first-use')));
});

test('the same jti sent to several processes at once is accepted by exactly one', async () => {
  const registers = Array.from({ length: 8 }, () => dpopProofRegister({ db: storage.db, clock }));
  const answers = await Promise.all(registers.map((r) => r('jti-concurrent-0001', inMinutes(6))));
  assert.equal(answers.filter(Boolean).length, 1);
});

test('a jti is forgotten only once its proof is too old to be accepted: then pruned, or taken over', async () => {
  const register = dpopProofRegister({ db: storage.db, clock });
  assert.equal(await register('jti-expiring-0001', inMinutes(6)), true);
  assert.equal(await register('jti-expiring-0002', inMinutes(60)), true);
  clock.advance(5 * 60_000);
  assert.equal(await register('jti-expiring-0001', inMinutes(6)), false, 'still within its lifetime');
  assert.equal(await pruneDpopProofs(storage.db, clock.now()), 0);
  clock.advance(2 * 60_000);
  assert.equal(await register('jti-expiring-0001', inMinutes(6)), true, 'an expired entry is taken over');
  clock.advance(7 * 60_000);
  const before = (await storage.db.select().from(dpopProofs)).length;
  assert.ok(await pruneDpopProofs(storage.db, clock.now()) >= 1);
  const left = await storage.db.select().from(dpopProofs);
  assert.ok(left.length < before && left.every((r) => r.expiresAt > clock.now()));
});
