// SPDX-License-Identifier: Apache-2.0
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { html, negotiateLocale, page, sendPage, translator, type Locale } from '@tessera/platform';
import { parseConfigurationId } from '../domain/issuer/configuration-id.ts';
import { invalidRequest, useDpopNonce } from '../domain/oid4vci/oid4vci-errors.ts';
import { verifyDpopProof } from '../domain/oid4vci/verify-dpop-proof.ts';
import { authorizeWithCard } from '../store/oid4vci/authorize-with-card.ts';
import { findPendingAuthorization } from '../store/oid4vci/find-authorization.ts';
import type { Oid4vciDeps } from '../store/oid4vci/oid4vci-deps.ts';
import { pushAuthorizationRequest } from '../store/oid4vci/push-authorization-request.ts';
import { activeTypes } from '../store/types/find-types.ts';
import { AUTHORIZATION_MESSAGES } from './authorization-messages.ts';

const WebEidToken = Type.Object({
  unverifiedCertificate: Type.String({ maxLength: 8192 }),
  algorithm: Type.Literal('ES384'),
  signature: Type.String({ maxLength: 512 }),
  format: Type.Literal('web-eid:1.0'),
  appVersion: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false });

/**
 * The authorization code flow's endpoints, inside the issuer's protocol scope: the pushed
 * authorization request endpoint (RFC 9126), the authorization endpoint that takes only a pushed
 * request (a page naming the credentials and how to sign in, or the challenge as JSON), and the
 * ID-card sign-in that completes it with a redirect to the wallet.
 */
export function registerAuthorization(scope: FastifyInstance, deps: Oid4vciDeps): void {
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
    if (!(request.headers.accept ?? '').includes('text/html')) return { challenge: authorization.challenge, configuration_ids: authorization.configurationIds, sign_in: { id_card: `${deps.issuerUrl}/authorize/card` } };
    const locale: Locale = negotiateLocale(request.query.lang, request.headers['accept-language']);
    const t = translator(AUTHORIZATION_MESSAGES, locale);
    const types = new Map((await activeTypes(deps.db)).map((ty) => [ty.id, ty]));
    const names = authorization.configurationIds.map((id) => {
      const type = types.get(parseConfigurationId(id)?.typeId ?? '');
      return type ? type.display[locale].name : id;
    });
    const body = html`<p>${t('intro', { client: authorization.clientId })}</p>
<ul>${names.map((n) => html`<li>${n}</li>`)}</ul>
<section data-web-eid-challenge="${authorization.challenge}" data-web-eid-endpoint="/authorize/card" data-request-uri="${String(request.query.request_uri)}" data-client-id="${authorization.clientId}">
<h2>${t('withCard')}</h2><p>${t('withCardSteps')}</p>
</section>
<section><h2>${t('withCredential')}</h2><p>${t('withCredentialSteps')}</p></section>`;
    return sendPage(reply, page({ title: t('title'), locale, service: t('service'), path: '/authorize', body }));
  });

  scope.post('/authorize/card', { schema: { body: Type.Object({ client_id: Type.String({ maxLength: 200 }), request_uri: Type.String({ maxLength: 200 }), token: WebEidToken }) } }, async (request) => {
    const body = request.body as { client_id: string; request_uri: string; token: Parameters<typeof authorizeWithCard>[2] };
    const authorization = await findPendingAuthorization(deps, body);
    const { redirectTo } = await authorizeWithCard(deps, authorization, body.token);
    return { redirect_to: redirectTo };
  });
}
