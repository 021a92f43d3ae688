// SPDX-License-Identifier: Apache-2.0
import type { ExchangeDirectory } from '@tessera/credentials';
import { registry } from '@tessera/exchange';
import type { Database } from '@tessera/platform';

/**
 * The exchange registry's members and services, read where the registry keeps them, each time a
 * type is published: `tessera start` runs the registry in the same process and database. The
 * keys are the registry's own (`CLASS/CODE`, `CLASS/CODE/SUBSYSTEM/SERVICE`).
 */
export function registryDirectory(db: Database): ExchangeDirectory {
  return {
    async contents() {
      const held = await registry.registryContents(db);
      return { members: held.members, services: held.services };
    },
  };
}

/**
 * The same, for a part on its own database: read from the registry's signed global configuration
 * (verified with the registry's key, as a gateway takes it), downloaded again at each publication.
 */
export function configurationDirectory(configuration: registry.ConfigurationClient): ExchangeDirectory {
  return {
    async contents() {
      const refreshed = await configuration.refresh();
      if (!refreshed.ok && refreshed.serial === undefined) throw new Error(`The exchange registry's configuration could not be read: ${refreshed.error ?? 'unknown'}`);
      const current = configuration.current();
      return {
        members: new Set(current.members.map((m) => `${m.memberClass}/${m.memberCode}`)),
        services: new Set(current.services.map((s) => `${s.memberClass}/${s.memberCode}/${s.subsystemCode}/${s.serviceCode}`)),
      };
    },
  };
}
