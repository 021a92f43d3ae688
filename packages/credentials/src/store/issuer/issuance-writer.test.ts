// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ES256 } from '@sd-jwt/crypto-nodejs';
import { inArray } from 'drizzle-orm';
import type { JWK } from 'jose';
import { logEntries } from '@tessera/platform';
import { openIssuerFixture, type Holder, type IssuerFixture } from '../../testing/issuer-fixture.ts';
import { issuedCredentials } from '../schema.ts';
import { issuanceWriter } from './issuance-writer.ts';
import { issueCredentials } from './issue-credentials.ts';

describe('group commit of issuances', { timeout: 120_000 }, () => {
  let f: IssuerFixture;
  let holder: Holder;
  let key: JWK;
  before(async () => {
    f = await openIssuerFixture();
    holder = await f.newHolder();
    key = (await ES256.generateKeyPair()).publicKey as JWK;
  });
  after(() => f?.close());

  it('writes requests that arrive together in fewer transactions, each with its own status entries, records and log event', async () => {
    let transactions = 0;
    const db = new Proxy(f.deps.db, { get: (target, p, r) => (p === 'transaction' ? (...a: Parameters<typeof target.transaction>) => (transactions++, target.transaction(...a)) : Reflect.get(target, p, r)) });
    const deps = { ...f.deps, db, writer: issuanceWriter({ ...f.deps, db }) };
    const type = f.types.get('kr.mois.public-worker-id')!;
    const batches = await Promise.all(Array.from({ length: 12 }, (_, i) => issueCredentials(deps, { type, format: 'dc+sd-jwt', holder: holder.card.holderCode, documentRef: holder.documentRef, keys: Array.from({ length: 1 + (i % 3) }, () => key) })));
    assert.ok(transactions < 12 && transactions >= 2, `12 requests in ${transactions} transactions`);
    const ids = batches.flatMap((b) => b.ids);
    assert.equal(ids.length, 24);
    const rows = await f.deps.db.select().from(issuedCredentials).where(inArray(issuedCredentials.id, ids));
    assert.equal(rows.length, 24);
    assert.equal(new Set(rows.map((r) => `${r.statusList}/${r.statusIndex}`)).size, 24, 'every credential its own status entry');
    for (const b of batches) assert.deepEqual(new Set(rows.filter((r) => b.ids.includes(r.id)).map((r) => r.notificationId)), new Set([b.notificationId]));
    const events = await f.deps.db.select().from(logEntries).where(inArray(logEntries.subject, batches.map((b) => b.notificationId)));
    assert.equal(events.length, 12, 'one log event per request');
  });

  it('a request whose write fails does not take the others of its group with it', async () => {
    const writer = issuanceWriter(f.deps);
    const type = f.types.get('kr.mois.public-worker-id')!;
    const job = (holderCode: string, typeId = type.id) => ({
      type: { ...type, id: typeId }, format: 'dc+sd-jwt' as const, holder: holderCode, documentRef: null, keys: [key],
      issuedAt: f.deps.clock.now(), expiresAt: f.deps.clock.now(), produce: async () => 'signed',
    });
    // The four arrive in one turn and form one group, which fails on the record the table refuses (no type id); each is then tried alone.
    const results = await Promise.allSettled([writer.write(job('first')), writer.write(job('group-a')), writer.write(job('refused', null as unknown as string)), writer.write(job('group-b'))]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const holders = (await f.deps.db.select({ holder: issuedCredentials.holder }).from(issuedCredentials).where(inArray(issuedCredentials.holder, ['first', 'group-a', 'refused', 'group-b']))).map((r) => r.holder).sort();
    assert.deepEqual(holders, ['first', 'group-a', 'group-b']);
  });
});
