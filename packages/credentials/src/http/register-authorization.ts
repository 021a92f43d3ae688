// SPDX-License-Identifier: Apache-2.0
import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import type { FastifyInstance, FastifyReply } from 'fastify';
import Type from 'typebox';
import { html, negotiateLocale, page, sendPage, translator, type Locale } from '@tessera/platform';
import { WebEidToken } from '@tessera/trust';
import { parseConfigurationId } from '../domain/issuer/configuration-id.ts';
import { invalidRequest, ProtocolError, useDpopNonce } from '../domain/oid4vci/oid4vci-errors.ts';
import { verifyDpopProof } from '../domain/oid4vci/verify-dpop-proof.ts';
import { authorizeWithCard } from '../store/oid4vci/authorize-with-card.ts';
import { authorizeWithCredential } from '../store/oid4vci/authorize-with-credential.ts';
import { findPendingAuthorization, findPendingAuthorizationById, type Authorization } from '../store/oid4vci/find-authorization.ts';
import type { Oid4vciDeps } from '../store/oid4vci/oid4vci-deps.ts';
import { pushAuthorizationRequest } from '../store/oid4vci/push-authorization-request.ts';
import { activeTypes } from '../store/types/find-types.ts';
import { AUTHORIZATION_MESSAGES } from './authorization-messages.ts';

/** The page's own sign-in script, read once and served as JavaScript (assets/card-sign-in.ts). */
const CARD_SIGN_IN_SCRIPT = stripTypeScriptTypes(readFileSync(new URL('./assets/card-sign-in.ts', import.meta.url), 'utf8'));
export const CARD_SIGN_IN_SCRIPT_PATH = '/authorize/card-sign-in.js';

/**
 * The authorization code flow's endpoints, inside the issuer's protocol scope: the pushed
 * authorization request endpoint (RFC 9126), the authorization endpoint that takes only a pushed
 * request (a page naming the credentials and how to sign in, or the challenge as JSON), and the
 * ID-card sign-in that completes it with a redirect to the wallet (the page's own button and
 * script run the Web eID step; without JavaScript it says what else to do); and, when configured, the
 * sign-in with a credential already in the wallet by OpenID4VP 1.0: an `openid4vp://` link whose
 * signed request (by reference) asks for an identity credential, answered by direct_post, the
 * answer's `redirect_uri` (§8.2) being the authorization response to the wallet.
 */
export function registerAuthorization(scope: FastifyInstance, deps: Oid4vciDeps): void {
  const presentationRequestUrl = (query: { client_id: string; request_uri: string }) => `${deps.issuerUrl}/authorize/presentation-request?${new URLSearchParams(query)}`;
  /** The OpenID4VP link for one pending authorization (client_id and request_uri, OpenID4VP 1.0 §5.10). */
  const presentationLink = async (authorization: Authorization, pushedUri: string) => {
    if (!deps.presentationSignIn) return null;
    const requestUri = presentationRequestUrl({ client_id: authorization.clientId, request_uri: pushedUri });
    return `openid4vp://?${new URLSearchParams({ client_id: await deps.presentationSignIn.clientId(), request_uri: requestUri })}`;
  };

  scope.post('/par', async (request, reply) => {
    if (!/^application\/x-www-form-urlencoded/.test(request.headers['content-type'] ?? '')) throw invalidRequest('The pushed authorization request is form-encoded (application/x-www-form-urlencoded).');
    let jkt: string | null = null;
    if (request.headers.dpop !== undefined) {
      const dpop = await verifyDpopProof({ header: request.headers.dpop, method: 'POST', url: `${deps.issuerUrl}/par`, now: deps.clock.now(), nonceValid: (n) => deps.dpopNonces.valid(n), firstUse: deps.firstUse });
      if (!dpop.ok) throw useDpopNonce(deps.dpopNonces.current(), 'token');
      jkt = dpop.jkt;
    }
    const pushed = await pushAuthorizationRequest(deps, (request.body ?? {}) as Record<string, unknown>, jkt);
    return reply.code(201).header('dpop-nonce', deps.dpopNonces.current()).send({ request_uri: pushed.requestUri, expires_in: pushed.expiresIn });
  });

  scope.get<{ Querystring: Record<string, string> }>('/authorize', async (request, reply) => {
    const authorization = await findPendingAuthorization(deps, request.query);
    const walletLink = await presentationLink(authorization, String(request.query.request_uri));
    if (!(request.headers.accept ?? '').includes('text/html')) {
      return { challenge: authorization.challenge, configuration_ids: authorization.configurationIds, sign_in: { id_card: `${deps.issuerUrl}/authorize/card`, ...(walletLink ? { credential: walletLink } : {}) } };
    }
    const locale: Locale = negotiateLocale(request.query.lang, request.headers['accept-language']);
    const t = translator(AUTHORIZATION_MESSAGES, locale);
    const types = new Map((await activeTypes(deps.db)).map((ty) => [ty.id, ty]));
    const names = authorization.configurationIds.map((id) => {
      const type = types.get(parseConfigurationId(id)?.typeId ?? '');
      return type ? type.display[locale].name : id;
    });
    const body = html`<p>${t('intro', { client: authorization.clientId })}</p>
<ul>${names.map((n) => html`<li>${n}</li>`)}</ul>
<section aria-labelledby="with-card" data-web-eid-challenge="${authorization.challenge}" data-web-eid-endpoint="/authorize/card" data-request-uri="${String(request.query.request_uri)}" data-client-id="${authorization.clientId}"
 data-msg-waiting="${t('cardWaiting')}" data-msg-redirecting="${t('cardRedirecting')}" data-msg-no-extension="${t('cardNoExtension')}" data-msg-cancelled="${t('cardCancelled')}" data-msg-failed="${t('cardFailed')}">
<h2 id="with-card">${t('withCard')}</h2><p>${t('withCardSteps')}</p>
<p><button type="button" class="button" id="card-sign-in" hidden>${t('signInWithCard')}</button></p>
<p role="status" id="card-sign-in-status"></p>
<noscript><p>${t('cardNoScript')}</p></noscript>
<script type="module" src="${CARD_SIGN_IN_SCRIPT_PATH}"></script>
</section>
${walletLink ? html`<section><h2>${t('withCredential')}</h2><p>${t('withCredentialSteps')}</p><p><a href="${walletLink}">${t('openInWallet')}</a></p></section>` : ''}`;
    // The language links keep the pushed request's reference, or the page could not be shown again.
    const path = `/authorize?${new URLSearchParams({ client_id: authorization.clientId, request_uri: String(request.query.request_uri) })}`;
    return sendPage(reply, page({ title: t('title'), locale, service: t('service'), path, body }));
  });

  scope.get(CARD_SIGN_IN_SCRIPT_PATH, async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(CARD_SIGN_IN_SCRIPT));

  scope.post('/authorize/card', { schema: { body: Type.Object({ client_id: Type.String({ maxLength: 200 }), request_uri: Type.String({ maxLength: 200 }), token: WebEidToken }) } }, async (request) => {
    const body = request.body as { client_id: string; request_uri: string; token: Parameters<typeof authorizeWithCard>[2] };
    const authorization = await findPendingAuthorization(deps, body);
    const { redirectTo } = await authorizeWithCard(deps, authorization, body.token);
    return { redirect_to: redirectTo };
  });

  // The request object for the credential sign-in, by reference (GET, or POST with wallet metadata, OpenID4VP 1.0 §5.10).
  const requestObject = async (query: Record<string, unknown>, reply: FastifyReply) => {
    if (!deps.presentationSignIn) throw new ProtocolError('access_denied', 'Sign-in with a credential is not configured at this issuer.', { status: 403 });
    const authorization = await findPendingAuthorization(deps, query);
    const jwt = await deps.presentationSignIn.requestObject({ nonce: authorization.challenge, state: authorization.id, responseUri: `${deps.issuerUrl}/authorize/presentation`, issuedAt: deps.clock.now(), expiresAt: authorization.expiresAt });
    return reply.header('content-type', 'application/oauth-authz-req+jwt').send(jwt);
  };
  scope.get<{ Querystring: Record<string, string> }>('/authorize/presentation-request', async (request, reply) => requestObject(request.query, reply));
  scope.post<{ Querystring: Record<string, string> }>('/authorize/presentation-request', async (request, reply) => requestObject(request.query, reply));

  // The wallet's answer (response_mode direct_post, OpenID4VP 1.0 §8.2); state names the authorization.
  scope.post('/authorize/presentation', async (request) => {
    if (!/^application\/x-www-form-urlencoded/.test(request.headers['content-type'] ?? '')) throw invalidRequest('The wallet answers with direct_post: application/x-www-form-urlencoded.');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const authorization = await findPendingAuthorizationById(deps, body.state);
    const { redirectTo } = await authorizeWithCredential(deps, authorization, body);
    return { redirect_uri: redirectTo };
  });
}
