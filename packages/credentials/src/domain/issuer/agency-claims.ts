// SPDX-License-Identifier: Apache-2.0
import type { ValidationIssue } from '@tessera/platform';
import { AgencyClaimsInvalid } from '../credentials-errors.ts';
import { checkClaims } from '../types/check-claims.ts';
import type { CredentialType } from '../types/credential-type.ts';

/**
 * What the issuer asks the owning agency for one credential: the agency's service named by the
 * type (member, subsystem, service code on the exchange), the claims by name, whose data and
 * why. The agency answers `{ "claims": { … } }` with exactly those claims it holds.
 */
export interface AgencyClaimsRequest {
  memberClass: string;
  memberCode: string;
  subsystem: string;
  service: string;
  claims: string[];
  /** The declared purpose the person reads in their data tracker. */
  purpose: string;
}

export function agencyClaimsRequest(type: CredentialType): AgencyClaimsRequest {
  return {
    memberClass: type.agency.memberClass, memberCode: type.agency.memberCode, subsystem: type.source.subsystem, service: type.source.service,
    claims: type.claims.map((c) => c.name),
    // The type's English name tells the person what it was for; the header (X-Tessera-Purpose) takes 200 printable ASCII characters.
    purpose: `issuing the holder's mobile credential "${type.display.en.name}" (${type.id}, version ${type.version})`.replace(/[^\x20-\x7e]/g, '').slice(0, 200),
  };
}

/**
 * Reads an agency's answer, all or nothing: the body is `{ claims }` and nothing else, it holds
 * no claim that was not asked for, every value has the type's value type and every mandatory
 * claim is there. Any fault refuses the whole answer (AgencyClaimsInvalid), so nothing an agency
 * released beyond the request is ever signed or kept.
 */
export function readAgencyAnswer(type: CredentialType, request: Pick<AgencyClaimsRequest, 'claims'>, body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AgencyClaimsInvalid(type.id, [{ code: 'not_an_object', path: '', message: 'The agency answered with no JSON object.' }]);
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(body)) if (key !== 'claims') issues.push({ code: 'unexpected_member', path: `/${key}`, message: `The answer holds ${key}, which was not asked for.` });
  const claims = (body as { claims?: unknown }).claims;
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    issues.push({ code: 'not_an_object', path: '/claims', message: 'The answer has no claims object.' });
    throw new AgencyClaimsInvalid(type.id, issues);
  }
  const asked = new Set(request.claims);
  for (const name of Object.keys(claims)) if (!asked.has(name)) issues.push({ code: 'not_asked', path: `/claims/${name}`, message: `The agency released ${name}, which was not asked for.` });
  // A claim outside the type was not asked for either: said once, as not_asked.
  issues.push(...checkClaims(type, claims as Record<string, unknown>).filter((i) => i.code !== 'undefined_claim').map((i) => ({ ...i, path: `/claims${i.path}` })));
  if (issues.length) throw new AgencyClaimsInvalid(type.id, issues);
  return claims as Record<string, unknown>;
}
