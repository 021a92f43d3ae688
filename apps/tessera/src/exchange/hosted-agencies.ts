// SPDX-License-Identifier: Apache-2.0
import { loadHostedSigningKeys, type HostedMember } from '@tessera/exchange';
import type { Clock, Database } from '@tessera/platform';
import type { TrustDeps } from '@tessera/trust';
import { AGENCIES_HOST, HOSTED_AGENCIES, HOSTED_SERVICES } from '../mobile-credentials/credentials-exchange.ts';
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
