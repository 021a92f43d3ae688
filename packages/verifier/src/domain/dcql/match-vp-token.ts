// SPDX-License-Identifier: Apache-2.0
import type { VerifiedSdJwt } from '../sd-jwt/verify-sd-jwt-presentation.ts';
import { refuse } from '../verifier-errors.ts';
import { typesOf, type CredentialQuery, type DcqlQuery } from './dcql-query.ts';

/** The verified answer to one credential query: only the claims asked for. */
export interface CredentialAnswer {
  queryId: string;
  /** The form that answered: an SD-JWT VC, or an ISO mdoc (claims then keyed `namespace.element`). */
  format: CredentialQuery['format'];
  /** The credential type: the SD-JWT VC's vct, or the mdoc's doctype. */
  vct: string;
  issuer: string;
  claims: Record<string, unknown>;
}

const pathOf = (claims: Record<string, unknown>, path: string[]) => path.reduce<unknown>((node, key) => (node && typeof node === 'object' && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined), claims);

/**
 * Reads a vp_token (OpenID4VP 1.0 §8.1: an object from credential query id to a list of
 * presentations) into exactly one presentation per answered query, nothing unasked. Without
 * credential sets every query must be answered; with them (§6.4.2) each required set needs an
 * option whose every query is answered, no set more than one, and each answer must belong to
 * such a complete option of some set — half an option, two options, or an answer beside every
 * option is refused.
 */
export function presentationsOf(vpToken: unknown, query: DcqlQuery): Array<{ queryId: string; presentation: string }> {
  let token = vpToken;
  if (typeof token === 'string') {
    try {
      token = JSON.parse(token);
    } catch {
      return refuse('ERR_RESPONSE_MALFORMED', 'vp_token is not a JSON object.');
    }
  }
  if (!token || typeof token !== 'object' || Array.isArray(token)) return refuse('ERR_RESPONSE_MALFORMED', 'vp_token is not a JSON object.');
  const answers = token as Record<string, unknown>;
  const ids = new Set(query.credentials.map((c) => c.id));
  if (Object.keys(answers).some((id) => !ids.has(id))) refuse('ERR_CREDENTIAL_NOT_REQUESTED', 'vp_token answers a query that was not asked.');
  const answered = new Set(Object.keys(answers));
  if (query.credential_sets) {
    const complete = new Set<string>();
    for (const [i, set] of query.credential_sets.entries()) {
      const met = set.options.filter((option) => option.every((id) => answered.has(id)));
      if (set.required && met.length === 0) refuse('ERR_CREDENTIAL_NOT_REQUESTED', `No presentation answers credential set ${i}.`);
      // One option is what the relying party needs: a second is more data than it asked for.
      if (met.length > 1) refuse('ERR_CREDENTIAL_NOT_REQUESTED', `More than one option of credential set ${i} is answered.`);
      met.flat().forEach((id) => complete.add(id));
    }
    for (const id of answered) if (!complete.has(id)) refuse('ERR_CREDENTIAL_NOT_REQUESTED', `${id} answers no complete option of a credential set.`);
  }
  return query.credentials.filter((c) => !query.credential_sets || answered.has(c.id)).map((c) => {
    const value = answers[c.id];
    if (value === undefined) return refuse('ERR_CREDENTIAL_NOT_REQUESTED', `No presentation answers ${c.id}.`);
    if (!Array.isArray(value) || value.length !== 1 || typeof value[0] !== 'string') return refuse('ERR_RESPONSE_MALFORMED', `${c.id} must hold exactly one presentation.`);
    return { queryId: c.id, presentation: value[0] };
  });
}

/**
 * Checks a verified credential against its credential query: its type is one asked for, every
 * claim asked for is there (with an allowed value when values are given), and nothing was
 * selectively disclosed beyond the query (ERR_CLAIM_NOT_REQUESTED) — a wallet that over-discloses
 * is refused rather than having the surplus silently kept.
 */
export function answerOf(queryId: string, verified: VerifiedSdJwt, query: DcqlQuery): CredentialAnswer {
  const q = query.credentials.find((c) => c.id === queryId)!;
  if (!typesOf(q).includes(verified.vct)) refuse('ERR_CREDENTIAL_NOT_REQUESTED', 'The credential is of another type.');
  const claims: Record<string, unknown> = {};
  for (const claim of q.claims) {
    const value = pathOf(verified.claims, claim.path);
    if (value === undefined) refuse('ERR_CLAIM_MISSING', claim.path.join('.'));
    if (claim.values && !claim.values.includes(value as string | number | boolean)) refuse('ERR_CLAIM_MISSING', `${claim.path.join('.')} has none of the requested values.`);
    claims[claim.path.join('.')] = value;
  }
  for (const disclosed of verified.disclosedPaths) {
    const asked = q.claims.some((c) => c.path.every((p, i) => disclosed[i] === p) || disclosed.every((p, i) => c.path[i] === p));
    if (!asked) refuse('ERR_CLAIM_NOT_REQUESTED', String(disclosed.join('.')));
  }
  return { queryId, format: q.format, vct: verified.vct, issuer: verified.issuer.iss, claims };
}
