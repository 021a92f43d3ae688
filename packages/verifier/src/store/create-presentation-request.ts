// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import QRCode from 'qrcode';
import { appendEvent, ValidationFailed } from '@tessera/platform';
import { isTemplateId, templateQuery } from '../domain/templates/verification-templates.ts';
import { checkQueryWithinRegistration } from '../domain/dcql/check-registration.ts';
import { parseDcqlQuery, typesOf } from '../domain/dcql/dcql-query.ts';
import type { ResponseMode } from '../domain/request/request-object.ts';
import { clientIdOf, findRelyingParty } from './relying-party-identity.ts';
import { presentationRequests } from './schema.ts';
import type { VerifierDeps } from './verifier-deps.ts';

export interface PresentationRequestInput {
  relyingPartyId: string;
  /** A DCQL query, or none when a template is named. */
  dcqlQuery?: unknown;
  responseMode?: ResponseMode;
  template?: string | null;
}

export interface CreatedPresentationRequest {
  id: string;
  clientId: string;
  /** `openid4vp://?client_id=…&request_uri=…&request_uri_method=post`: a link on the phone, or a QR. */
  link: string;
  qrSvg: string;
  requestUri: string;
  expiresAt: Date;
}

/**
 * Opens a presentation request for a relying party. The query is checked against its
 * registration first (ERR_CLAIM_NOT_REGISTERED, nothing stored); the request then gets its own
 * nonce, state and, for direct_post.jwt (the default), its own encryption key. The wallet
 * fetches the signed request object by reference (request_uri, OpenID4VP 1.0 §5.7).
 */
export async function createPresentationRequest(deps: VerifierDeps, input: PresentationRequestInput, actor: string): Promise<CreatedPresentationRequest> {
  const rp = await findRelyingParty(deps, input.relyingPartyId);
  if (input.template !== undefined && input.template !== null && !isTemplateId(input.template)) throw new ValidationFailed([{ code: 'unknown_template', path: '/template', message: `There is no template ${input.template}.` }]);
  const query = parseDcqlQuery(input.dcqlQuery ?? (input.template ? templateQuery(input.template, deps.vctBase, rp.claims) : undefined));
  checkQueryWithinRegistration(query, rp.claims);
  const responseMode = input.responseMode ?? 'direct_post.jwt';
  const id = randomUUID();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.requestSeconds * 1000);
  let encryptionKey = null;
  if (responseMode === 'direct_post.jwt') {
    const pair = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
    encryptionKey = { ...(await exportJWK(pair.privateKey)), kid: `${id}-enc`, use: 'enc', alg: 'ECDH-ES' };
  }
  const random = () => Buffer.from(deps.randomBytes(24)).toString('base64url');
  await deps.db.transaction(async (tx) => {
    await tx.insert(presentationRequests).values({
      id, relyingPartyId: rp.id, template: input.template ?? null, dcqlQuery: query, nonce: random(), state: random(), responseMode, encryptionKey, status: 'created', createdAt: now, expiresAt,
    });
    await appendEvent(tx, { context: 'verifier', type: 'presentation_request.created', subject: id, actor, at: now, data: { relyingParty: rp.id, template: input.template ?? null, credentials: query.credentials.map((c) => ({ vct: typesOf(c), claims: c.claims.map((q) => q.path.join('.')) })) } });
  });
  return { id, expiresAt, ...(await requestLink(deps, rp.certificate, id)) };
}

/** The link a wallet opens (same device) or scans (the QR, cross-device) for request `id`. */
export async function requestLink(deps: Pick<VerifierDeps, 'baseUrl'>, certificate: Uint8Array, id: string): Promise<{ clientId: string; requestUri: string; link: string; qrSvg: string }> {
  const clientId = clientIdOf(certificate);
  const requestUri = `${deps.baseUrl}/oid4vp/requests/${id}`;
  const link = `openid4vp://?${new URLSearchParams({ client_id: clientId, request_uri: requestUri, request_uri_method: 'post' })}`;
  return { clientId, requestUri, link, qrSvg: await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
}
