// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { appendEvent, NotFound } from '@tessera/platform';
import { requestObjectPayload, signRequestObject } from '../domain/request/request-object.ts';
import { refuse } from '../domain/verifier-errors.ts';
import { clientIdOf, findRelyingParty, relyingPartySigner } from './relying-party-identity.ts';
import { presentationRequests } from './schema.ts';
import type { VerifierDeps } from './verifier-deps.ts';

/** Where the wallet posts its answer to request `id` (the request object's response_uri). */
export const responseUriOf = (deps: Pick<VerifierDeps, 'baseUrl'>, id: string): string => `${deps.baseUrl}/oid4vp/responses/${id}`;

/** SHA-256 JWK thumbprint (RFC 7638) of a request's response-encryption key: part of an mdoc's session transcript. */
export async function encryptionKeyThumbprint(key: JWK): Promise<Uint8Array> {
  const { d: _private, ...publicKey } = key;
  return new Uint8Array(Buffer.from(await calculateJwkThumbprint(publicKey, 'sha256'), 'base64url'));
}

/**
 * The signed request object a wallet fetches at request_uri, by GET or by POST with its
 * wallet_nonce (OpenID4VP 1.0 §5.10), which is then echoed. Only the public half of the
 * request's encryption key is published. Fetching marks the request as retrieved (the
 * relying party's screen shows "the wallet has the request").
 */
export async function requestObject(deps: VerifierDeps, id: string, walletNonce?: string): Promise<string> {
  const [row] = await deps.db.select().from(presentationRequests).where(eq(presentationRequests.id, id));
  if (!row) throw new NotFound('There is no such presentation request.');
  const now = deps.clock.now();
  if (row.expiresAt <= now) refuse('ERR_REQUEST_EXPIRED');
  if (row.status === 'verified' || row.status === 'refused') refuse('ERR_PRESENTATION_REPLAYED', 'The request was already answered.');
  const rp = await findRelyingParty(deps, row.relyingPartyId);
  const { d: _private, ...encryptionKey } = row.encryptionKey ?? {};
  const payload = requestObjectPayload({
    clientId: clientIdOf(rp.certificate), responseUri: responseUriOf(deps, id), responseMode: row.responseMode, nonce: row.nonce, state: row.state,
    dcqlQuery: row.dcqlQuery, encryptionKey: row.encryptionKey ? encryptionKey : null,
    registration: { relyingParty: rp.id, name: rp.name, purpose: rp.purpose }, issuedAt: now, expiresAt: row.expiresAt, ...(walletNonce ? { walletNonce } : {}),
  });
  if (row.status === 'created') {
    await deps.db.transaction(async (tx) => {
      const moved = await tx.update(presentationRequests).set({ status: 'retrieved' }).where(and(eq(presentationRequests.id, id), eq(presentationRequests.status, 'created'))).returning({ id: presentationRequests.id });
      if (moved.length) await appendEvent(tx, { context: 'verifier', type: 'presentation_request.retrieved', subject: id, actor: 'wallet', at: now });
    });
  }
  return signRequestObject(payload, await relyingPartySigner(deps, rp));
}
