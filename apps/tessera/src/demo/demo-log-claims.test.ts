// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { logClaimCounts } from '@tessera/authority';
import { startTestFederation } from '../benefits/test-federation.ts';

let federation: Awaited<ReturnType<typeof startTestFederation>>;

before(async () => {
  // The demo world, as `npm start` loads it: the centres' month arrives in bulk.
  federation = await startTestFederation({ TESSERA_DEMO: 'true' });
});
after(async () => {
  await federation?.dispose();
});

test('the demo world’s bulk check-ins and handovers leave the authority a log claim of each, as the live calls do, and the centre’s next heads prove every one with none flagged', { timeout: 240_000 }, async () => {
  const { db } = federation.authority;
  const rows = async (query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: Array<{ n: number }> }).rows;
  for (const location of ['seoul-vfs', 'dubai-vfs']) {
    const [actions] = await rows(sql`select count(*)::int as n from authority.card_custody where location = ${location} and event in ('arrived', 'handed_over')`);
    assert.ok(actions!.n > 0, `${location} has actions in the demo world`);
    const before = await logClaimCounts(db, location);
    assert.equal(before.pending + before.included, actions!.n, `${location}: one claim per check-in and handover`);
  }
  // The centre's job sends its head while claims are pending (200 at a time); a run of the job at the same moment may have moved the base on.
  for (let round = 0; round < 10 && (await logClaimCounts(db, 'seoul-vfs')).pending + (await logClaimCounts(db, 'dubai-vfs')).pending > 0; round++) {
    await federation.centre.sendTreeHeads().catch((error: { code?: string }) => {
      if (error.code !== 'ERR_TREE_HEAD_BASE_MISMATCH') throw error;
    });
  }
  for (const location of ['seoul-vfs', 'dubai-vfs']) {
    assert.deepEqual({ ...(await logClaimCounts(db, location)), included: 0 }, { pending: 0, included: 0, missing: 0 }, location);
    assert.deepEqual(await rows(sql`select count(*)::int as n from authority.centre_log_alerts where location = ${location}`), [{ n: 0 }], `${location}: nothing flagged`);
  }
});
