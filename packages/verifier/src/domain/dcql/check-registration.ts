// SPDX-License-Identifier: Apache-2.0
import { refuse } from '../verifier-errors.ts';
import { typesOf, type DcqlQuery } from './dcql-query.ts';

/**
 * What a relying party registered it may ask for: per credential type, the claim names, and why.
 * For an mdoc the type is its doctype and each claim `namespace/data element identifier`.
 */
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
    for (const vct of typesOf(credential)) {
      const entry = registered.find((r) => r.vct === vct);
      if (!entry) refuse('ERR_CLAIM_NOT_REGISTERED', `${vct} is not a registered credential type.`);
      for (const claim of credential.claims) {
        // An mdoc claim is registered as "namespace/element" under its doctype.
        const name = credential.format === 'mso_mdoc' ? claim.path.join('/') : claim.path.length === 1 ? claim.path[0]! : null;
        if (name === null || !entry!.claims.includes(name)) refuse('ERR_CLAIM_NOT_REGISTERED', `${claim.path.join('.')} of ${vct} is not registered.`);
      }
    }
  }
}
