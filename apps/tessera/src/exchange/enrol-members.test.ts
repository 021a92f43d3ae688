// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { logEntries } from '@tessera/platform';
import { registry } from '@tessera/exchange';
import { openTrustFixture, type TrustFixture } from '@tessera/trust/testing';
import { enrolMembers } from './enrol-members.ts';
import { GRANTS, SERVICES, SUBSYSTEMS } from './start-exchange.ts';
import { MEMBERS } from './members.ts';

let pki: TrustFixture;
before(async () => {
  pki = await openTrustFixture();
  await pki.storage.migrate(registry.registryMigrations);
});
after(() => pki.close());

const deps = () => ({ db: pki.storage.db, clock: pki.clock });
const registryEvents = async () => (await pki.storage.db.select({ type: logEntries.type, subject: logEntries.subject }).from(logEntries).where(eq(logEntries.context, 'exchange_registry'))).map((e) => `${e.type} ${e.subject}`).sort();
const rowsOf = (result: unknown) => (result as { rows: Array<Record<string, unknown>> }).rows;
const serviceId = async (member: (typeof MEMBERS)[keyof typeof MEMBERS], subsystem: string, serviceCode: string) => String(rowsOf(await pki.storage.db.execute(sql`
  select id from exchange_registry.services where member_class = ${member.memberClass} and member_code = ${member.memberCode} and subsystem_code = ${subsystem} and service_code = ${serviceCode}`))[0]!.id);
const contents = async () => {
  const c = await registry.registryContents(pki.storage.db);
  return { members: [...c.members].sort(), subsystems: [...c.subsystems].sort(), services: [...c.services].sort(), grants: [...c.grants].sort(), trustedCas: [...c.trustedCas].sort() };
};

test('enrolment enters every member, subsystem, service, access right and trusted CA once; enrolling again adds nothing and records nothing', async () => {
  await enrolMembers(deps(), pki.deps);
  const first = await contents();
  assert.equal(first.members.length, Object.keys(MEMBERS).length);
  assert.equal(first.subsystems.length, SUBSYSTEMS.length);
  assert.equal(first.services.length, SERVICES.length);
  assert.equal(first.grants.length, GRANTS.length);
  assert.equal(first.trustedCas.length, 2);
  const events = await registryEvents();
  assert.equal(events.length, Object.keys(MEMBERS).length + SUBSYSTEMS.length + SERVICES.length + GRANTS.length + 2);

  await enrolMembers(deps(), pki.deps);
  assert.deepEqual(await contents(), first);
  assert.deepEqual(await registryEvents(), events, 'a second enrolment changes nothing, so it logs nothing');
});

test('an enrolment after part of the registry was removed puts back exactly what is missing', async () => {
  const before = await contents();
  const eventsBefore = await registryEvents();
  // one access right, and one service with its rights, removed behind the registry's back
  const [grant] = GRANTS;
  const [client, provider, serviceCode] = grant!;
  const c = MEMBERS[client.member];
  const p = MEMBERS[provider.member];
  const removedGrant = rowsOf(await pki.storage.db.execute(sql`delete from exchange_registry.access_rights where service_id = ${await serviceId(p, provider.subsystem, serviceCode)}
    and client_member_class = ${c.memberClass} and client_member_code = ${c.memberCode} and client_subsystem_code = ${client.subsystem} returning id`));
  assert.equal(removedGrant.length, 1);
  const last = SERVICES.at(-1)!;
  const lastId = await serviceId(MEMBERS[last.member], last.subsystem, last.serviceCode);
  const lastGrants = rowsOf(await pki.storage.db.execute(sql`delete from exchange_registry.access_rights where service_id = ${lastId} returning id`)).length;
  await pki.storage.db.execute(sql`delete from exchange_registry.services where id = ${lastId}`);
  assert.equal((await contents()).services.length, before.services.length - 1);

  await enrolMembers(deps(), pki.deps);
  assert.deepEqual(await contents(), before);
  const added = (await registryEvents()).length - eventsBefore.length;
  assert.equal(added, 1 + 1 + lastGrants, 'the removed grant, the removed service and its grants, nothing else');
  assert.equal(Number(rowsOf(await pki.storage.db.execute(sql`select count(*) as n from exchange_registry.subsystems`))[0]!.n), SUBSYSTEMS.length);
});
