// SPDX-License-Identifier: Apache-2.0
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { issueMissingClientCredentials, loadHostedSigningKeys, type HostedMember } from '@tessera/exchange';
import type { Clock, Database } from '@tessera/platform';
import type { TrustDeps } from '@tessera/trust';
import { AGENCIES_HOST, HOSTED_AGENCIES, HOSTED_SERVICES, HOSTED_SUBSYSTEMS } from '../mobile-credentials/credentials-exchange.ts';
import { INSTANCE, MEMBERS, type MemberKey } from './members.ts';

/**
 * The members a federation gateway hosts besides its owner: on the agencies' shared gateway,
 * every catalogue agency without a gateway of its own, each with its own signing key (made once,
 * all together, then unsealed at each start) and its claims services on the members' information
 * systems at `servicesBase`. Every other gateway hosts nobody.
 */
export async function hostedAgencies(deps: { db: Database; clock: Clock; trust: TrustDeps; kek: Uint8Array }, member: MemberKey, servicesBase: string): Promise<HostedMember[] | undefined> {
  if (member !== AGENCIES_HOST) return undefined;
  const m = MEMBERS[member];
  const keys = await loadHostedSigningKeys(deps, { instance: INSTANCE, memberClass: m.memberClass, memberCode: m.memberCode, serverCode: 'gw1' }, HOSTED_AGENCIES, 'registry-operator');
  return keys.map((k) => ({
    ...k,
    services: Object.fromEntries(HOSTED_SERVICES.filter((s) => s.memberClass === k.memberClass && s.memberCode === k.memberCode)
      .map((s) => [`${s.subsystemCode}/${s.serviceCode}`, { baseUrl: servicesBase + s.path }])),
  }));
}

/**
 * The information-system credentials of the subsystems the agencies' shared gateway hosts: each
 * hosted subsystem without one is issued its own (once: a later start, or another process of the
 * same gateway that got there first, finds it and leaves it). The secret exists only here and in
 * the file written for that agency's information system (`dir`/CLASS-CODE-SUBSYSTEM.secret, mode
 * 0600; a file left from an earlier database is stale and replaced); the gateway keeps its SHA-256. Without a credential no system can
 * send as a hosted agency through the shared gateway. Every other gateway hosts nobody.
 */
export async function hostedClientCredentials(deps: { db: Database; clock: Clock }, member: MemberKey, dir: string): Promise<void> {
  if (member !== AGENCIES_HOST) return;
  const issued = await issueMissingClientCredentials(deps, 'registry-operator', sharedGatewayName(), HOSTED_SUBSYSTEMS.map((s) => ({ instance: INSTANCE, ...s })));
  for (const { client, secret } of issued) await writeClientSecret(dir, client, secret);
}

/** The agencies' shared gateway, as its log and credentials name it. */
export const sharedGatewayName = () => `${INSTANCE}/${MEMBERS[AGENCIES_HOST].memberClass}/${MEMBERS[AGENCIES_HOST].memberCode}/gw1`;

/** Where a hosted subsystem's secret is written for its information system. */
export const clientSecretFile = (dir: string, c: { memberClass: string; memberCode: string; subsystemCode: string }) => join(dir, `${c.memberClass}-${c.memberCode}-${c.subsystemCode}.secret`);

export async function writeClientSecret(dir: string, client: { memberClass: string; memberCode: string; subsystemCode: string }, secret: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(clientSecretFile(dir, client), secret, { mode: 0o600 });
}
