// SPDX-License-Identifier: Apache-2.0
import { DEFAULT_CENTRES } from '@tessera/centre';

/** The X-Road-style instance of this federation. */
export const INSTANCE = 'TESSERA';

/**
 * The organisations of the demo federation, with the registry codes of their real Estonian
 * counterparts (and VFS Global as the partner abroad), each with one gateway and one subsystem.
 */
export const MEMBERS = {
  authority: { memberClass: 'GOV', memberCode: '70008747', name: 'Police and Border Guard Board', subsystem: 'cards' },
  centre: { memberClass: 'COM', memberCode: '10000001', name: 'VFS Global (collection centres)', subsystem: 'seoul-centre' },
  population: { memberClass: 'GOV', memberCode: '70000562', name: 'Population Register', subsystem: 'population-register' },
  tax: { memberClass: 'GOV', memberCode: '70000349', name: 'Tax and Customs Board', subsystem: 'tax' },
  welfare: { memberClass: 'GOV', memberCode: '70001975', name: 'Social Insurance Board', subsystem: 'benefits' },
  // Runs the proactive benefits service (@tessera/benefits): asks the agencies, files one-step applications with them.
  benefits: { memberClass: 'GOV', memberCode: '70009770', name: 'Health and Welfare Information Systems Centre', subsystem: 'proactive-benefits' },
  // Runs the mobile-credential issuer (@tessera/credentials): asks each type's owning agency for the claims.
  credentials: { memberClass: 'GOV', memberCode: '70006317', name: 'Information System Authority (credential issuer)', subsystem: 'credential-issuer' },
  // Korean agencies whose registers the demo's credentials come from (their standard institution codes).
  mois: { memberClass: 'GOV', memberCode: '1741000', name: 'Ministry of the Interior and Safety', subsystem: 'population-register' },
  knpa: { memberClass: 'GOV', memberCode: '1320000', name: 'Korean National Police Agency', subsystem: 'driver-register' },
  mohw: { memberClass: 'GOV', memberCode: '1352000', name: 'Ministry of Health and Welfare', subsystem: 'professional-register' },
  // Runs the government agencies' shared gateway: the catalogue's other agencies are its hosted clients.
  hosting: { memberClass: 'GOV', memberCode: '70007340', name: 'State Shared Service Centre (the agencies’ gateway)', subsystem: 'hosting' },
} as const;

export type MemberKey = keyof typeof MEMBERS;

export const clientId = (m: MemberKey) => `${INSTANCE}/${MEMBERS[m].memberClass}/${MEMBERS[m].memberCode}/${MEMBERS[m].subsystem}`;
export const servicePath = (m: MemberKey, serviceCode: string) => `/r1/${clientId(m)}/${serviceCode}`;

/** Each collection centre of the partner is a subsystem of its member: `seoul-vfs` → `seoul-centre`. */
export const CENTRE_SUBSYSTEMS: Readonly<Record<string, string>> = Object.fromEntries(DEFAULT_CENTRES.map((c) => [c.code, `${c.code.replace(/-vfs$/, '')}-centre`]));

/** A centre's full X-Road subsystem identifier, e.g. `TESSERA/COM/10000001/seoul-centre`. */
export const centreClientId = (code: string) => `${INSTANCE}/${MEMBERS.centre.memberClass}/${MEMBERS.centre.memberCode}/${CENTRE_SUBSYSTEMS[code]}`;

/**
 * Which pickup location each centre subsystem serves, by its full X-Road client identifier.
 * The authority's card services answer a centre only about cards sent to its own location.
 */
export const CENTRE_LOCATIONS: Readonly<Record<string, string>> = Object.fromEntries(DEFAULT_CENTRES.map((c) => [centreClientId(c.code), c.code]));
