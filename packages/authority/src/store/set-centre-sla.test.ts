// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { logEntries, ValidationFailed } from '@tessera/platform';
import { DEFAULT_CENTRE_SLA } from '../domain/oversight/centre-alerts.ts';
import { openAuthorityFixture, type AuthorityFixture } from '../testing/authority-fixture.ts';
import { listCentreOversight } from './centre-oversight.ts';
import { upsertPartnerCentres } from './partner-centres.ts';
import { cardCustody } from './schema.ts';
import { setCentreSla } from './set-centre-sla.ts';

let a: AuthorityFixture;
before(async () => {
  a = await openAuthorityFixture();
  await upsertPartnerCentres(a.deps.db, a.clock, [{ location: 'seoul-vfs', exchangeClient: 'TESSERA/COM/1/seoul-centre' }]);
  // A card dispatched two days ago and never checked in.
  await a.deps.db.insert(cardCustody).values({ reference: 'ER-2026-900001', documentNumber: 'S0000001', location: 'seoul-vfs', event: 'dispatched', actor: 'system', at: new Date(a.clock.now().getTime() - 2 * 86_400_000) });
});
after(() => a?.storage.close());

const seoul = async () => (await listCentreOversight(a.deps, 'seoul-vfs'))[0]!;
const changes = async () => (await a.deps.db.select().from(logEntries).where(eq(logEntries.type, 'centre.sla_changed'))).length;

test('a centre has the default service levels until its overseer sets its own', async () => {
  const centre = await seoul();
  assert.deepEqual(centre.sla, DEFAULT_CENTRE_SLA);
  assert.ok(!centre.alerts.some((x) => x.code === 'check_in_overdue'), 'two days is within the default three');
});

test('values out of range, not whole or unknown are refused, each named, and nothing changes', async () => {
  const refused = await setCentreSla(a.deps, 'seoul-vfs', { checkInDays: 0, treeHeadHours: 1.5, disposalDays: 181, inclusionGraceMinutes: -1, bogus: 3 } as never, 'overseer-1').catch((error: unknown) => error);
  assert.ok(refused instanceof ValidationFailed);
  assert.deepEqual(refused.issues.map((i) => i.path).sort(), ['/bogus', '/checkInDays', '/disposalDays', '/inclusionGraceMinutes', '/treeHeadHours']);
  assert.deepEqual((await seoul()).sla, DEFAULT_CENTRE_SLA);
  assert.equal(await changes(), 0);
  await assert.rejects(setCentreSla(a.deps, 'atlantis', { checkInDays: 2 }, 'overseer-1'), { code: 'ERR_NOT_FOUND' });
});

test('the overseer’s values take effect in the dashboard’s alerts at once, with the change in the authority’s log; values left out keep their defaults', async () => {
  const set = await setCentreSla(a.deps, 'seoul-vfs', { checkInDays: 1, inclusionGraceMinutes: 30 }, 'overseer-1');
  assert.deepEqual(set, { sla: { ...DEFAULT_CENTRE_SLA, checkInDays: 1, inclusionGraceMinutes: 30 }, changed: true });
  const centre = await seoul();
  assert.equal(centre.sla.checkInDays, 1);
  assert.equal(centre.alerts.find((x) => x.code === 'check_in_overdue')?.count, 1, 'two days is past this centre’s one');
  assert.equal(await changes(), 1);
  assert.equal((await setCentreSla(a.deps, 'seoul-vfs', { checkInDays: 1, inclusionGraceMinutes: 30 }, 'overseer-1')).changed, false, 'the same values again change nothing');
  assert.equal(await changes(), 1);
});
