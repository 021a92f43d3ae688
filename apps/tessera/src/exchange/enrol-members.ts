// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { NotFound, type Clock, type Database } from '@tessera/platform';
import { registry } from '@tessera/exchange';
import { loadAuthority, type TrustDeps } from '@tessera/trust';
import { oneTransaction } from '../one-transaction.ts';
import { MEMBERS } from './members.ts';
import { GRANTS, SERVICES, SUBSYSTEMS } from './start-exchange.ts';

/**
 * Enters the federation's members, subsystems, services and access rights, and the trusted CAs,
 * into the registry; what is already there is left as it is, so every registry start may run it.
 * What the registry holds is read first (five queries), so a start on a registry that has it all
 * adds nothing and tries nothing; what is missing is added in one transaction, each addition with
 * its transparency-log event as before.
 */
export async function enrolMembers(deps: { db: Database; clock: Clock }, trust: TrustDeps): Promise<void> {
  const held = await registry.registryContents(deps.db);
  type Deps = typeof deps;
  const missing: Array<(d: Deps) => Promise<unknown>> = [];
  for (const role of ['root', 'gateway'] as const) {
    const ca = await loadAuthority(deps.db, trust.keyStore, role);
    if (held.trustedCas.has(createHash('sha256').update(new Uint8Array(ca.certificate.rawData)).digest('hex'))) continue;
    missing.push((d) => registry.addTrustedCa(d, 'registry-operator', new Uint8Array(ca.certificate.rawData)));
  }
  for (const m of Object.values(MEMBERS)) {
    if (held.members.has(registry.memberKey(m))) continue;
    missing.push((d) => registry.addMember(d, 'registry-operator', { memberClass: m.memberClass, memberCode: m.memberCode, name: m.name }));
  }
  for (const s of SUBSYSTEMS) {
    const m = MEMBERS[s.member];
    if (held.subsystems.has(registry.subsystemKey({ ...m, subsystemCode: s.subsystem }))) continue;
    missing.push((d) => registry.addSubsystem(d, 'registry-operator', { memberClass: m.memberClass, memberCode: m.memberCode, subsystemCode: s.subsystem }));
  }
  for (const s of SERVICES) {
    const m = MEMBERS[s.member];
    if (held.services.has(registry.serviceKey({ ...m, subsystemCode: s.subsystem, serviceCode: s.serviceCode }))) continue;
    missing.push((d) => registry.addService(d, 'registry-operator', { memberClass: m.memberClass, memberCode: m.memberCode, subsystemCode: s.subsystem, serviceCode: s.serviceCode, type: 'REST', endpoints: s.endpoints, handlesPersonalData: s.handlesPersonalData }));
  }
  for (const [client, provider, serviceCode] of GRANTS) {
    const c = MEMBERS[client.member];
    const p = MEMBERS[provider.member];
    if (held.grants.has(registry.grantKey(registry.subsystemKey({ ...c, subsystemCode: client.subsystem }), registry.serviceKey({ ...p, subsystemCode: provider.subsystem, serviceCode })))) continue;
    missing.push((d) => registry.grantAccess(d, 'registry-operator', {
      client: { memberClass: c.memberClass, memberCode: c.memberCode, subsystemCode: client.subsystem },
      service: { memberClass: p.memberClass, memberCode: p.memberCode, subsystemCode: provider.subsystem, serviceCode },
    }));
  }
  if (missing.length === 0) return;
  // What is missing, in one transaction (an empty registry: some 300 additions, each a transaction of its own before).
  try {
    await deps.db.transaction(async (tx) => {
      const one = { ...deps, db: oneTransaction(tx) };
      for (const add of missing) await add(one);
    });
    return;
  } catch (error) {
    if (!(error instanceof registry.AlreadyRegistered)) throw error;
  }
  // Another process enrolled some of it meanwhile: each addition on its own, and only "already registered" is expected.
  for (const add of missing) {
    try {
      await add(deps);
    } catch (error) {
      if (!(error instanceof registry.AlreadyRegistered)) throw error;
    }
  }
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
