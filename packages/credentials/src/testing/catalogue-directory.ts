// SPDX-License-Identifier: Apache-2.0
import { catalogueAgencies } from '../domain/catalogue/build-catalogue.ts';
import type { CredentialType } from '../domain/types/credential-type.ts';
import type { ExchangeDirectory } from '../domain/types/exchange-directory.ts';

/**
 * An exchange registry that holds exactly the catalogue's agencies and their claims services, for
 * the package's tests and benchmarks, which run without an exchange; the federation reads its real registry.
 */
export function catalogueDirectory(types: readonly CredentialType[]): ExchangeDirectory {
  const agencies = catalogueAgencies(types);
  const members = new Set(agencies.map((a) => `${a.memberClass}/${a.memberCode}`));
  const services = new Set(agencies.flatMap((a) => a.services.map((s) => `${a.memberClass}/${a.memberCode}/${s.subsystem}/${s.service}`)));
  return { contents: async () => ({ members, services }) };
}
