// SPDX-License-Identifier: Apache-2.0
import { refuse } from '../verifier-errors.ts';
import type { DcqlQuery } from './dcql-query.ts';

/** What a relying party registered it may ask for: per credential type, the claim names, and why. */
export interface RegisteredClaims {
  vct: string;
  claims: string[];
}

/**
 * Refuses a query that asks for anything outside the relying party's registration
 * (ERR_CLAIM_NOT_REGISTERED): every type in vct_values must be registered, and every claim path
 * must be a registered claim of every one of them. Compared exactly, names and types alike.
 */
export function checkQueryWithinRegistration(query: DcqlQuery, registered: RegisteredClaims[]): void {
  for (const credential of query.credentials) {
    for (const vct of credential.meta.vct_values) {
      const entry = registered.find((r) => r.vct === vct);
      if (!entry) refuse('ERR_CLAIM_NOT_REGISTERED', `${vct} is not a registered credential type.`);
      for (const claim of credential.claims) {
        if (claim.path.length !== 1 || !entry!.claims.includes(claim.path[0]!)) refuse('ERR_CLAIM_NOT_REGISTERED', `${claim.path.join('.')} of ${vct} is not registered.`);
      }
    }
  }
}
