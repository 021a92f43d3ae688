// SPDX-License-Identifier: Apache-2.0
import { NotFound, type Clock, type Database } from '@tessera/platform';
import { registry } from '@tessera/exchange';
import { MEMBERS } from './members.ts';
import { GRANTS } from './start-exchange.ts';

/**
 * A centre's access rights to the authority's services at the exchange registry, withdrawn while
 * the authority suspends the centre and restored when it reinstates it (the rights the authority
 * holds on the centre's services stay, so it can still tell the centre). Changes are made only
 * where the registry differs, each in the registry's own transaction and log; the global
 * configuration is published when anything changed, so the gateways refuse (or serve) the
 * centre's calls from that moment. Safe to repeat: the composition root runs it after each change
 * and on a timer, so a change interrupted half way is completed.
 */
export function registryCentreAccess(deps: { db: Database; clock: Clock }, publish: () => Promise<void>) {
  return async (exchangeClient: string, allowed: boolean): Promise<void> => {
    const [, memberClass, memberCode, subsystemCode] = exchangeClient.split('/');
    const grants = GRANTS.filter(([client]) => client.member === 'centre' && MEMBERS.centre.memberClass === memberClass && MEMBERS.centre.memberCode === memberCode && client.subsystem === subsystemCode);
    let changed = false;
    const held = new Map<string, Set<string>>();
    for (const [client, provider, serviceCode] of grants) {
      const p = MEMBERS[provider.member];
      const key = `${p.memberClass}/${p.memberCode}/${provider.subsystem}`;
      if (!held.has(key)) {
        const services = await registry.allowedServices(deps.db, { memberClass: MEMBERS.centre.memberClass, memberCode: MEMBERS.centre.memberCode, subsystemCode: client.subsystem }, { memberClass: p.memberClass, memberCode: p.memberCode, subsystemCode: provider.subsystem });
        held.set(key, new Set(services.filter((s) => s.rights.some((r) => r.method === null && r.path === null)).map((s) => s.serviceCode)));
      }
      // Only where the registry differs: the timer that repeats this writes nothing when all is in place.
      if (held.get(key)!.has(serviceCode) === allowed) continue;
      const grant = {
        client: { memberClass: MEMBERS.centre.memberClass, memberCode: MEMBERS.centre.memberCode, subsystemCode: client.subsystem },
        service: { memberClass: p.memberClass, memberCode: p.memberCode, subsystemCode: provider.subsystem, serviceCode },
      };
      try {
        if (allowed) await registry.grantAccess(deps, 'authority:centre-oversight', grant);
        else await registry.revokeAccess(deps, 'authority:centre-oversight', grant);
        changed = true;
      } catch (error) {
        if (!(allowed ? error instanceof registry.AlreadyRegistered : error instanceof NotFound)) throw error;
      }
    }
    if (changed) await publish();
  };
}
