// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import type { PresentationSignIn } from '@tessera/credentials';
import type { Clock } from '@tessera/platform';
import { parseDcqlQuery } from '../dcql/dcql-query.ts';
import { answerOf, presentationsOf } from '../dcql/match-vp-token.ts';
import { readWalletResponse } from '../request/read-response.ts';
import { requestObjectPayload, signRequestObject } from '../request/request-object.ts';
import { verifySdJwtPresentation } from '../sd-jwt/verify-sd-jwt-presentation.ts';
import type { StatusCheck } from '../status/credential-status-check.ts';
import type { IssuerTrust } from '../trust/issuer-trust.ts';
import { isPresentationRefused, refuse } from '../verifier-errors.ts';

export interface CredentialSignInOptions {
  /** The credentials accepted for sign-in (their issuer must be on `trust`'s list), by vct. */
  vcts: string[];
  trust: IssuerTrust;
  status: StatusCheck;
  clock: Clock;
  iatWindow: { pastSeconds: number; futureSeconds: number };
  /** The key that signs the request objects, with its certificate chain (x5c, leaf first). */
  signer(): Promise<{ x5c: string[]; sign(data: Uint8Array): Promise<Uint8Array> }>;
  /** Who asks, as the wallet shows it. */
  registration: { relyingParty: string; name: Record<string, string>; purpose: Record<string, string> };
}

/**
 * The verifier as the issuer's sign-in (the PresentationSignIn port of @tessera/credentials): a
 * signed OpenID4VP 1.0 request (x509_hash client identifier, direct_post) for one identity
 * credential disclosing only the personal identifier, and the same checks as every presentation
 * at this verifier: issuer signature and certificate path to the trusted issuer, validity, key
 * binding to this request's nonce and client_id with sd_hash, and status (revoked or suspended
 * credentials are refused). The request's state is checked too.
 */
export function credentialSignIn(o: CredentialSignInOptions): PresentationSignIn {
  const query = parseDcqlQuery({ credentials: [{ id: 'identity', format: 'dc+sd-jwt', meta: { vct_values: o.vcts }, claims: [{ path: ['personal_identifier'] }] }] });
  const clientId = async () => `x509_hash:${createHash('sha256').update(Buffer.from((await o.signer()).x5c[0]!, 'base64')).digest('base64url')}`;
  return {
    clientId,
    async requestObject(r) {
      const payload = requestObjectPayload({
        clientId: await clientId(), responseUri: r.responseUri, responseMode: 'direct_post', nonce: r.nonce, state: r.state,
        dcqlQuery: query, encryptionKey: null, registration: o.registration, issuedAt: r.issuedAt, expiresAt: r.expiresAt,
      });
      return signRequestObject(payload, await o.signer());
    },
    async verify(body, r) {
      try {
        const response = await readWalletResponse(body, 'direct_post', null);
        if (typeof response.state !== 'string' || response.state !== r.state) refuse('ERR_STATE_MISMATCH');
        const [presented] = presentationsOf(response.vpToken, query);
        const verified = await verifySdJwtPresentation(presented!.presentation, { nonce: r.nonce, clientId: await clientId(), now: o.clock.now(), iatWindow: o.iatWindow, trust: o.trust, status: o.status });
        const answer = answerOf(presented!.queryId, verified, query);
        if (!verified.statusList) return refuse('ERR_STATUS_UNAVAILABLE');
        return { ok: true, credential: { vct: answer.vct, claims: answer.claims, status: verified.statusList } };
      } catch (e) {
        if (isPresentationRefused(e)) return { ok: false, code: e.code, message: e.message };
        throw e;
      }
    },
  };
}
