// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { NotFound, type Clock, type Database } from '@tessera/platform';
import { registry } from '@tessera/exchange';
import { loadAuthority, type TrustDeps } from '@tessera/trust';
import { AGENCIES_HOST, HOSTED_MEMBERS, HOSTED_SERVICES, HOSTED_SUBSYSTEMS, ISSUER_MEMBER } from '../mobile-credentials/credentials-exchange.ts';
import { MEMBERS, type MemberKey } from './members.ts';
import { GRANTS, SERVICES, SUBSYSTEMS, type Subsystem } from './start-exchange.ts';

/**
 * Enters the federation's members, subsystems, services and access rights, the agencies hosted on
 * the agencies' shared gateway (members, their claims subsystems and services, the issuer's right
 * to call each, and their registration as that gateway's clients), and the trusted CAs, into the
 * registry; what is already there is left as it is, so every registry start may run it. What the
 * registry holds is read first (six queries), and all that is missing goes in one transaction
 * (`enrolEntries`, one log event per entry), so a start on a registry that has it all adds and
 * records nothing, and a first start does not pay a transaction for each of some 1 400 entries.
 */
export async function enrolMembers(deps: { db: Database; clock: Clock }, trust: TrustDeps): Promise<void> {
  const held = await registry.registryContents(deps.db);
  for (const role of ['root', 'gateway'] as const) {
    const ca = await loadAuthority(deps.db, trust.keyStore, role);
    if (held.trustedCas.has(createHash('sha256').update(new Uint8Array(ca.certificate.rawData)).digest('hex'))) continue;
    try {
      await registry.addTrustedCa(deps, 'registry-operator', new Uint8Array(ca.certificate.rawData));
    } catch (error) {
      // Only "already registered" is expected (another process got there first); any other refusal is a real fault.
      if (!(error instanceof registry.AlreadyRegistered)) throw error;
    }
  }
  const id = (m: MemberKey) => ({ memberClass: MEMBERS[m].memberClass, memberCode: MEMBERS[m].memberCode });
  const sub = (s: Subsystem) => ({ ...id(s.member), subsystemCode: s.subsystem });
  const issuer = sub({ member: ISSUER_MEMBER, subsystem: MEMBERS[ISSUER_MEMBER].subsystem });
  const host = { ...id(AGENCIES_HOST), serverCode: 'gw1' };
  const personal = (s: { memberClass: string; memberCode: string; subsystemCode: string; serviceCode: string }) => ({ ...s, type: 'REST' as const, endpoints: [{ method: 'GET', path: '/*' }], handlesPersonalData: true });
  const entries = {
    members: [...(Object.keys(MEMBERS) as MemberKey[]).map((m) => ({ ...id(m), name: MEMBERS[m].name })), ...HOSTED_MEMBERS.map((a) => ({ memberClass: a.memberClass, memberCode: a.memberCode, name: a.memberName }))]
      .filter((m) => !held.members.has(registry.memberKey(m))),
    subsystems: [...SUBSYSTEMS.map(sub), ...HOSTED_SUBSYSTEMS].filter((s) => !held.subsystems.has(registry.subsystemKey(s))),
    services: [
      ...SERVICES.map((s) => ({ ...sub(s), serviceCode: s.serviceCode, type: 'REST' as const, endpoints: s.endpoints, handlesPersonalData: s.handlesPersonalData })),
      ...HOSTED_SERVICES.map((s) => personal({ memberClass: s.memberClass, memberCode: s.memberCode, subsystemCode: s.subsystemCode, serviceCode: s.serviceCode })),
    ].filter((s) => !held.services.has(registry.serviceKey(s))),
    grants: [
      ...GRANTS.map(([client, provider, serviceCode]) => ({ client: sub(client), service: { ...sub(provider), serviceCode } })),
      ...HOSTED_SERVICES.map((s) => ({ client: issuer, service: { memberClass: s.memberClass, memberCode: s.memberCode, subsystemCode: s.subsystemCode, serviceCode: s.serviceCode } })),
    ].filter((g) => !held.grants.has(registry.grantKey(registry.subsystemKey(g.client), registry.serviceKey(g.service)))),
    gatewayClients: HOSTED_SUBSYSTEMS.map((client) => ({ gateway: host, client })).filter((c) => !held.gatewayClients.has(registry.gatewayClientKey(c.gateway, c.client))),
  };
  if (Object.values(entries).some((list) => list.length > 0)) await registry.enrolEntries(deps, 'registry-operator', entries);
}

/** Removes a gateway's registration if there is one (a gateway that starts again may listen at another address). */
export async function unregisterGateway(deps: { db: Database; clock: Clock }, id: { memberClass: string; memberCode: string; serverCode: string }): Promise<void> {
  try {
    await registry.removeGateway(deps, 'registry-operator', id);
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
  }
}

/**
 * Registers a gateway at its address with the TLS certificate it holds now. A registration that
 * already says exactly that is left alone, so a second process of the same gateway (same stored
 * identity, same address behind a load balancer) does not disturb the first; any other entry of
 * the gateway (an earlier start's keys or address) is replaced. Processes registering at once
 * agree: a loser that finds the winner's registration identical to its own is done.
 */
export async function reregisterGateway(deps: { db: Database; clock: Clock }, gateway: { memberClass: string; memberCode: string; serverCode: string; address: string; authCertificate: Uint8Array }): Promise<void> {
  const id = { memberClass: gateway.memberClass, memberCode: gateway.memberCode, serverCode: gateway.serverCode };
  const certificateSha256 = createHash('sha256').update(gateway.authCertificate).digest('hex');
  const identical = async () => {
    const registered = await registry.findGateway(deps, id);
    return registered !== null && registered.address === new URL(gateway.address).origin && registered.authCertificateSha256 === certificateSha256;
  };
  if (await identical()) return;
  await unregisterGateway(deps, id);
  try {
    await registry.registerGateway(deps, 'registry-operator', { ...id, address: gateway.address, authCertificate: gateway.authCertificate });
  } catch (error) {
    if (error instanceof registry.GatewayExists && await identical()) return;
    throw error;
  }
}
