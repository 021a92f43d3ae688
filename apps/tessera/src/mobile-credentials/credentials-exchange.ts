// SPDX-License-Identifier: Apache-2.0
import { buildCatalogue, catalogueAgencies, type CredentialType } from '@tessera/credentials';
import { MEMBERS, type MemberKey } from '../exchange/members.ts';

/** The issuer's own member on the exchange; it is never asked for claims through its own gateway, so no gateway calls itself. */
export const ISSUER_MEMBER: MemberKey = 'credentials';

/**
 * The member that runs the government agencies' shared gateway (X-Road: a security server hosting
 * many clients): every catalogue agency that has no gateway of its own is its client there.
 */
export const AGENCIES_HOST: MemberKey = 'hosting';

/** The catalogue as the agencies know it: which type each of their services answers for (its URLs play no part here). */
export const CATALOGUE: readonly CredentialType[] = buildCatalogue({ vctBase: 'https://catalogue.invalid/types', logoBase: 'https://catalogue.invalid/logos' });

const memberOf = (type: CredentialType): MemberKey | undefined => (Object.keys(MEMBERS) as MemberKey[])
  .find((k) => k !== 'centre' && k !== ISSUER_MEMBER && MEMBERS[k].memberClass === type.agency.memberClass && MEMBERS[k].memberCode === type.agency.memberCode);

/**
 * The credential types whose owning agency is one of the federation's organisations with a
 * gateway of its own (population register, police, …), with that member.
 */
export const CREDENTIAL_SOURCES: ReadonlyArray<{ member: MemberKey; type: CredentialType }> = CATALOGUE.flatMap((type) => {
  const member = memberOf(type);
  return member ? [{ member, type }] : [];
});

/**
 * Every other type: its agency's claims subsystem is a client of the agencies' shared gateway.
 * That includes the issuer's own organisation's registers (RIA's personnel register): they are
 * hosted there, not on the issuer's gateway, as X-Road registers a subsystem on one security
 * server, so a request for them never has one gateway at both ends.
 */
export const HOSTED_SOURCES: readonly CredentialType[] = CATALOGUE.filter((type) => !memberOf(type));

/** The agencies hosted on the shared gateway, each with its own signing key there. */
export const HOSTED_AGENCIES = catalogueAgencies(HOSTED_SOURCES).map((a) => ({ memberClass: a.memberClass, memberCode: a.memberCode, memberName: a.name.en }));

/** The hosted agencies that are no federation organisation yet: members of their own on the exchange. */
export const HOSTED_MEMBERS = HOSTED_AGENCIES.filter((a) => !Object.values(MEMBERS).some((m) => m.memberClass === a.memberClass && m.memberCode === a.memberCode));

/** Where the stand-in registers answer a type's service on the members' information systems. */
export const sourcePath = (type: Pick<CredentialType, 'agency' | 'source'>) => `/credential-sources/${type.agency.memberCode}/${type.source.subsystem}/${type.source.service}`;

/** Each own-gateway type's service at its agency (subsystem and service code as the catalogue names them), personal data by nature. */
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

/** Each hosted type's service, by its agency's identifier: registered, hosted on the shared gateway, callable by the issuer. */
export const HOSTED_SERVICES = HOSTED_SOURCES.map((type) => ({
  memberClass: type.agency.memberClass, memberCode: type.agency.memberCode, subsystemCode: type.source.subsystem, serviceCode: type.source.service, path: sourcePath(type),
}));

/** The hosted agencies' claims subsystems, once each. */
export const HOSTED_SUBSYSTEMS = [...new Map(HOSTED_SERVICES.map((s) => [`${s.memberClass}/${s.memberCode}/${s.subsystemCode}`, { memberClass: s.memberClass, memberCode: s.memberCode, subsystemCode: s.subsystemCode }])).values()];
