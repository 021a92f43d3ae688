// SPDX-License-Identifier: Apache-2.0
import { buildCatalogue, type CredentialType } from '@tessera/credentials';
import { MEMBERS, type MemberKey } from '../exchange/members.ts';

/** The issuer's own member on the exchange; it is never asked for claims, so no gateway calls itself. */
export const ISSUER_MEMBER: MemberKey = 'credentials';

/** The catalogue as the agencies know it: which type each of their services answers for (its URLs play no part here). */
const CATALOGUE = buildCatalogue({ vctBase: 'https://catalogue.invalid/types', logoBase: 'https://catalogue.invalid/logos' });

const memberOf = (type: CredentialType): MemberKey | undefined => (Object.keys(MEMBERS) as MemberKey[])
  .find((k) => k !== 'centre' && k !== ISSUER_MEMBER && MEMBERS[k].memberClass === type.agency.memberClass && MEMBERS[k].memberCode === type.agency.memberCode);

/**
 * The credential types whose owning agency is a member of this federation's exchange, with that
 * member. A type of an agency not (yet) on the exchange cannot be issued: the issuer's request is
 * refused by its gateway as an unknown member, and the wallet is told which agency could not be asked.
 */
export const CREDENTIAL_SOURCES: ReadonlyArray<{ member: MemberKey; type: CredentialType }> = CATALOGUE.flatMap((type) => {
  const member = memberOf(type);
  return member ? [{ member, type }] : [];
});

/** Where the stand-in registers answer a type's service on the members' information systems. */
export const sourcePath = (type: Pick<CredentialType, 'agency' | 'source'>) => `/credential-sources/${type.agency.memberCode}/${type.source.subsystem}/${type.source.service}`;

/** Each connected type's service at its agency (subsystem and service code as the catalogue names them), personal data by nature. */
export const CREDENTIAL_SERVICES = CREDENTIAL_SOURCES.map(({ member, type }) => ({
  member, subsystem: type.source.subsystem, serviceCode: type.source.service, path: sourcePath(type),
  endpoints: [{ method: 'GET', path: '/*' }], handlesPersonalData: true,
}));

/** The agencies' subsystems the services live in, beside each member's main one. */
export const CREDENTIAL_SUBSYSTEMS: Array<{ member: MemberKey; subsystem: string }> = [
  ...new Map(CREDENTIAL_SERVICES.filter((s) => s.subsystem !== MEMBERS[s.member].subsystem).map((s) => [`${s.member}/${s.subsystem}`, { member: s.member, subsystem: s.subsystem }])).values(),
];

/** The issuer may call each of those services, and nothing else of theirs. */
export const CREDENTIAL_GRANTS = CREDENTIAL_SERVICES.map((s) => ({ provider: { member: s.member, subsystem: s.subsystem }, serviceCode: s.serviceCode }));
