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
import { agencyKey, sourceServiceKey, validateCredentialType } from '@tessera/credentials';
import { AGENCIES_HOST, CATALOGUE, HOSTED_MEMBERS, HOSTED_SERVICES, HOSTED_SUBSYSTEMS } from '../mobile-credentials/credentials-exchange.ts';
import { registryDirectory } from '../mobile-credentials/registry-directory.ts';

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
  return { members: [...c.members].sort(), subsystems: [...c.subsystems].sort(), services: [...c.services].sort(), grants: [...c.grants].sort(), trustedCas: [...c.trustedCas].sort(), gatewayClients: [...c.gatewayClients].sort() };
};

test('enrolment enters every member, subsystem, service, access right and trusted CA once; enrolling again adds nothing and records nothing', async () => {
  await enrolMembers(deps(), pki.deps);
  const first = await contents();
  assert.equal(first.members.length, Object.keys(MEMBERS).length + HOSTED_MEMBERS.length);
  assert.equal(first.subsystems.length, SUBSYSTEMS.length + HOSTED_SUBSYSTEMS.length);
  assert.equal(first.services.length, SERVICES.length + HOSTED_SERVICES.length);
  assert.equal(first.grants.length, GRANTS.length + HOSTED_SERVICES.length);
  assert.equal(first.gatewayClients.length, HOSTED_SUBSYSTEMS.length);
  assert.equal(first.trustedCas.length, 2);
  const events = await registryEvents();
  assert.equal(events.length, first.members.length + first.subsystems.length + first.services.length + first.grants.length + first.gatewayClients.length + 2);

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
  assert.equal(Number(rowsOf(await pki.storage.db.execute(sql`select count(*) as n from exchange_registry.subsystems`))[0]!.n), SUBSYSTEMS.length + HOSTED_SUBSYSTEMS.length);
});

test('every one of the catalogue’s 300 credential types names an agency the registry holds as a member, with the claims service registered, the issuer allowed to call it and a gateway to serve it; the issuer’s own check finds nothing to refuse', async () => {
  await enrolMembers(deps(), pki.deps);
  const held = await registry.registryContents(pki.storage.db);
  const issuer = registry.subsystemKey({ memberClass: MEMBERS.credentials.memberClass, memberCode: MEMBERS.credentials.memberCode, subsystemCode: MEMBERS.credentials.subsystem });
  const host = { memberClass: MEMBERS[AGENCIES_HOST].memberClass, memberCode: MEMBERS[AGENCIES_HOST].memberCode, serverCode: 'gw1' };
  const ownGateway = (m: { memberClass: string; memberCode: string }) => Object.values(MEMBERS).some((x) => x.memberClass === m.memberClass && x.memberCode === m.memberCode);
  assert.equal(CATALOGUE.length, 300);
  const faults: string[] = [];
  for (const type of CATALOGUE) {
    const service = sourceServiceKey(type);
    const subsystem = { ...type.agency, subsystemCode: type.source.subsystem };
    if (!held.members.has(agencyKey(type.agency))) faults.push(`${type.id}: ${agencyKey(type.agency)} is no member`);
    else if (!held.services.has(service)) faults.push(`${type.id}: ${service} is not registered`);
    else if (!held.grants.has(registry.grantKey(issuer, service))) faults.push(`${type.id}: the issuer may not call ${service}`);
    else if (!held.gatewayClients.has(registry.gatewayClientKey(host, subsystem)) && !(ownGateway(type.agency) && type.agency.memberCode !== MEMBERS.credentials.memberCode)) faults.push(`${type.id}: no gateway serves ${registry.subsystemKey(subsystem)}`);
  }
  assert.deepEqual(faults, []);
  const exchange = await registryDirectory(pki.storage.db).contents();
  assert.deepEqual(CATALOGUE.flatMap((t) => validateCredentialType(t, { vctBase: 'https://catalogue.invalid/types', exchange }).map((i) => `${t.id} ${i.code}`)), []);
  // Before this enrolment the same check refused every type of an agency without a gateway of its own.
  const withoutHosted = { members: new Set([...exchange.members].filter((m) => !HOSTED_MEMBERS.some((a) => agencyKey(a) === m))), services: exchange.services };
  assert.ok(CATALOGUE.filter((t) => validateCredentialType(t, { vctBase: 'https://catalogue.invalid/types', exchange: withoutHosted }).some((i) => i.code === 'unknown_agency')).length > 200);
});
