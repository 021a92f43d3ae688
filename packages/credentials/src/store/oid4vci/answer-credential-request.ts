// SPDX-License-Identifier: Apache-2.0
import { decodeJwt, type JWK } from 'jose';
import { parseConfigurationId } from '../../domain/issuer/configuration-id.ts';
import {
  invalidCredentialRequest, invalidNonce, invalidProof, unknownConfiguration, unknownIdentifier,
} from '../../domain/oid4vci/oid4vci-errors.ts';
import { verifyKeyProof } from '../../domain/oid4vci/verify-key-proof.ts';
import { issueCredentials } from '../issuer/issue-credentials.ts';
import { findType } from '../types/find-types.ts';
import type { AccessGrant } from './find-access-token.ts';
import { deferIssuance, type DeferredAnswer } from './defer-issuance.ts';
import { consumeCNonce } from './nonces.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

export interface CredentialResponse {
  credentials: Array<{ credential: string }>;
  notification_id: string;
}

/**
 * The credential endpoint (OpenID4VCI 1.0 §8), rule by rule: the request names exactly one of
 * credential_identifier / credential_configuration_id, and one the access token covers; it
 * carries `proofs.jwt` (1 to batch_size), each a valid key proof over one c_nonce, which must
 * be one this issuer handed out and is then spent. Proof signatures are checked before the
 * nonce is spent, so a malformed request does not burn the wallet's nonce.
 */
export async function answerCredentialRequest(deps: Oid4vciDeps, grant: AccessGrant, body: unknown): Promise<CredentialResponse | DeferredAnswer> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidCredentialRequest('The credential request is a JSON object.');
  const b = body as Record<string, unknown>;
  const byIdentifier = b.credential_identifier !== undefined;
  const byConfiguration = b.credential_configuration_id !== undefined;
  if (byIdentifier === byConfiguration) throw invalidCredentialRequest('Name exactly one of credential_identifier and credential_configuration_id.');
  const requested = String(byIdentifier ? b.credential_identifier : b.credential_configuration_id);
  // The identifiers handed out in the token response are the configuration ids the token covers.
  if (!grant.configurationIds.includes(requested)) {
    throw byIdentifier
      ? unknownIdentifier(`${requested} is not a credential identifier of this access token; use one from authorization_details.`)
      : unknownConfiguration(`${requested} is not a credential configuration this access token covers.`);
  }
  const parsed = parseConfigurationId(requested);
  if (!parsed) throw unknownConfiguration(`${requested} is not a credential configuration of this issuer.`);
  const version = await findType(deps.db, parsed.typeId).catch(() => null);
  if (!version || version.status !== 'active') throw unknownConfiguration(`The credential type ${parsed.typeId} is not issued (any more).`);

  if (b.proof !== undefined) throw invalidCredentialRequest('OpenID4VCI 1.0 takes proofs as "proofs": { "jwt": [...] }, not "proof".');
  const proofs = (b.proofs as { jwt?: unknown } | undefined)?.jwt;
  if (b.proofs === undefined) throw invalidProof('The request has no proof of possession of the wallet key; send proofs.jwt with a c_nonce from the nonce endpoint.');
  if (!Array.isArray(proofs) || proofs.length === 0) throw invalidProof('proofs.jwt must be a non-empty array of key proofs.');
  if (Object.keys(b.proofs as object).length !== 1) throw invalidProof('Only jwt proofs are supported.');
  if (proofs.length > deps.batchSize) throw invalidCredentialRequest(`At most ${deps.batchSize} proofs per request (batch_size).`);
  let nonce: unknown;
  try {
    nonce = decodeJwt(String(proofs[0])).nonce;
  } catch {
    throw invalidProof('The proof is not a JWT.');
  }
  if (typeof nonce !== 'string') throw invalidNonce('The proof carries no c_nonce; get one from the nonce endpoint.');
  const now = deps.clock.now();
  const keys: JWK[] = [];
  for (const jwt of proofs) keys.push(await verifyKeyProof(jwt, { issuer: deps.issuerUrl, nonce, now }));
  if (!(await consumeCNonce(deps, nonce))) throw invalidNonce('The c_nonce is unknown, expired or already used; get a fresh one from the nonce endpoint.');

  if (version.type.approval === 'deferred') return deferIssuance(deps, grant, { type: version.type, format: parsed.format, keys });
  const batch = await issueCredentials(deps, { type: version.type, format: parsed.format, holder: grant.holder, documentRef: grant.documentRef, keys });
  return { credentials: batch.credentials.map((credential) => ({ credential })), notification_id: batch.notificationId };
}
