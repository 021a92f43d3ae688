// SPDX-License-Identifier: Apache-2.0

/**
 * What the exchange registry holds, as the issuer sees it: members as `CLASS/CODE` and services
 * as `CLASS/CODE/SUBSYSTEM/SERVICE` (the registry's own keys). A type is published only when its
 * agency is a member and its claims service is registered, so every type can be asked for over
 * the exchange. Read when a type is published, so a service registered later counts.
 */
export interface ExchangeDirectory {
  contents(): Promise<ExchangeContents>;
}

export interface ExchangeContents {
  members: ReadonlySet<string>;
  services: ReadonlySet<string>;
}

export const agencyKey = (agency: { memberClass: string; memberCode: string }) => `${agency.memberClass}/${agency.memberCode}`;
export const sourceServiceKey = (type: { agency: { memberClass: string; memberCode: string }; source: { subsystem: string; service: string } }) =>
  `${agencyKey(type.agency)}/${type.source.subsystem}/${type.source.service}`;
