// SPDX-License-Identifier: Apache-2.0
import { typesOf, type DcqlQuery } from '../dcql/dcql-query.ts';
import type { VerifiedSdJwt } from '../sd-jwt/verify-sd-jwt-presentation.ts';
import { refuse } from '../verifier-errors.ts';

/**
 * Matches the documents of one DeviceResponse to the mso_mdoc queries it was given for: a wallet
 * answering several mdoc queries at once sends one DeviceResponse with a document for each, under
 * each of their ids. Each query takes the first unclaimed document of its doctype; a document
 * left over, or a query with none, is ERR_CREDENTIAL_NOT_REQUESTED.
 */
export function assignDocuments(queryIds: string[], documents: VerifiedSdJwt[], query: DcqlQuery): Array<{ queryId: string; verified: VerifiedSdJwt }> {
  if (documents.length !== queryIds.length) refuse('ERR_CREDENTIAL_NOT_REQUESTED', `The DeviceResponse holds ${documents.length} documents for ${queryIds.length} queries.`);
  const left = [...documents];
  return queryIds.map((queryId) => {
    const q = query.credentials.find((c) => c.id === queryId);
    const i = q ? left.findIndex((d) => typesOf(q).includes(d.vct)) : -1;
    if (i < 0) return refuse('ERR_CREDENTIAL_NOT_REQUESTED', 'The credential is of another type.');
    return { queryId, verified: left.splice(i, 1)[0]! };
  });
}
