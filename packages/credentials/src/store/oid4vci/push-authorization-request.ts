// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { appendEvent } from '@tessera/platform';
import { configurationId } from '../../domain/issuer/configuration-id.ts';
import { isCodeChallenge } from '../../domain/oauth/pkce.ts';
import { redirectAllowed } from '../../domain/oauth/wallet-clients.ts';
import { invalidRequest, ProtocolError } from '../../domain/oid4vci/oid4vci-errors.ts';
import { requestedConfigurations } from '../../domain/oid4vci/requested-configurations.ts';
import { activeTypes } from '../types/find-types.ts';
import { authorizations } from '../schema.ts';
import { hashSecret } from './hash-secret.ts';
import { offerOfIssuerState } from './offer-of-issuer-state.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

export const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';
/** Long enough for the holder to take out the card and enter PIN1. */
export const REQUEST_URI_SECONDS = 300;

/**
 * The pushed authorization request endpoint (RFC 9126 §2), the only way into the code flow here
 * (`require_pushed_authorization_requests`). Rules: response_type `code`; a registered public
 * client with one of its exact redirect URIs; PKCE S256 (no plain, no missing challenge); no
 * request_uri inside the push; credentials asked by scope or authorization_details that this
 * issuer publishes. A DPoP proof with the push binds the code to that key (RFC 9449 §10).
 * An issuer_state must name a usable offer of this issuer (offerOfIssuerState), and then the
 * request asks for the offer's credentials only (all of them when it names none); the request
 * records the offer, which the sign-in uses up. A refused push records nothing.
 */
export async function pushAuthorizationRequest(deps: Oid4vciDeps, body: Record<string, unknown>, dpopJkt: string | null): Promise<{ requestUri: string; expiresIn: number }> {
  const text = (name: string, max = 2000) => {
    const v = body[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.length > max) throw invalidRequest(`${name} must be a string of at most ${max} characters.`);
    return v;
  };
  if (body.request_uri !== undefined) throw invalidRequest('A pushed authorization request must not itself carry request_uri (RFC 9126 §2.1).');
  if (body.request !== undefined) throw new ProtocolError('request_not_supported', 'Request objects are not supported; push the parameters form-encoded.');
  const clientId = text('client_id', 200);
  if (!clientId) throw new ProtocolError('invalid_client', 'client_id is missing.', { status: 401 });
  if (!deps.clients.some((c) => c.clientId === clientId)) throw new ProtocolError('invalid_client', `The client ${clientId} is not registered with this issuer.`, { status: 401 });
  if (body.response_type !== 'code') throw new ProtocolError('unsupported_response_type', 'Only response_type=code is supported.');
  const redirectUri = text('redirect_uri');
  if (!redirectUri) throw invalidRequest('redirect_uri is missing; this issuer needs it in every authorization request.');
  if (!redirectAllowed(deps.clients, clientId, redirectUri)) throw invalidRequest(`redirect_uri ${redirectUri} is not registered for ${clientId}; it must match exactly.`);
  if (body.code_challenge_method !== 'S256') throw invalidRequest(body.code_challenge === undefined ? 'PKCE is required: send code_challenge with code_challenge_method=S256.' : 'Only code_challenge_method=S256 is supported (RFC 7636 §4.2; plain is refused).');
  if (!isCodeChallenge(body.code_challenge)) throw invalidRequest('code_challenge must be the base64url SHA-256 of the code verifier (43 characters).');
  const state = text('state', 500);
  const issuerState = text('issuer_state', 500);
  const offer = issuerState === undefined ? null : await offerOfIssuerState(deps, issuerState);
  const published = new Set((await activeTypes(deps.db)).flatMap((t) => t.formats.map((format) => configurationId(t.id, format))));
  const namesNone = body.scope === undefined && body.authorization_details === undefined;
  const configurationIds = offer && namesNone ? offer.configurationIds : requestedConfigurations({ scope: body.scope, authorizationDetails: body.authorization_details }, published);
  const unoffered = offer ? configurationIds.filter((c) => !offer.configurationIds.includes(c)) : [];
  if (unoffered.length) throw invalidRequest(`The credential offer of this issuer_state does not offer ${unoffered.join(', ')}; ask only for ${offer!.configurationIds.join(', ')}.`);

  const random = () => Buffer.from(deps.randomBytes(32)).toString('base64url');
  // The challenge is base64 of 32 octets (44 characters), the shortest the Web eID app accepts.
  const requestUri = `${REQUEST_URI_PREFIX}${random()}`;
  const now = deps.clock.now();
  const id = randomUUID();
  await deps.db.transaction(async (tx) => {
    await tx.insert(authorizations).values({
      id, requestUriHash: hashSecret(requestUri), clientId, redirectUri, codeChallenge: body.code_challenge as string, configurationIds, state: state ?? null, offerId: offer?.id ?? null,
      dpopJkt, challenge: Buffer.from(deps.randomBytes(32)).toString('base64'), createdAt: now, expiresAt: new Date(now.getTime() + REQUEST_URI_SECONDS * 1000),
    });
    await appendEvent(tx, { context: 'credentials', type: 'authorization.pushed', subject: id, actor: clientId, at: now, data: { configurations: configurationIds, ...(offer ? { offer: offer.id } : {}) } });
  });
  return { requestUri, expiresIn: REQUEST_URI_SECONDS };
}
