// SPDX-License-Identifier: Apache-2.0
import type { FastifyInstance } from 'fastify';
import { authorizationServerMetadata, credentialIssuerMetadata } from '../domain/oid4vci/issuer-metadata.ts';
import { invalidRequest, ProtocolError, useDpopNonce } from '../domain/oid4vci/oid4vci-errors.ts';
import { verifyDpopProof } from '../domain/oid4vci/verify-dpop-proof.ts';
import { answerCredentialRequest } from '../store/oid4vci/answer-credential-request.ts';
import { OFFER_PATH, PRE_AUTHORIZED_GRANT } from '../store/oid4vci/create-offer.ts';
import { offerByReference } from '../store/oid4vci/offer-by-reference.ts';
import { issueCNonce } from '../store/oid4vci/nonces.ts';
import type { Oid4vciDeps } from '../store/oid4vci/oid4vci-deps.ts';
import { recordNotification } from '../store/oid4vci/record-notification.ts';
import { redeemAuthorizationCode } from '../store/oid4vci/redeem-authorization-code.ts';
import { redeemPreAuthorizedCode } from '../store/oid4vci/redeem-pre-authorized-code.ts';
import { registerAuthorization } from './register-authorization.ts';
import { activeTypes } from '../store/types/find-types.ts';
import { STATUS_TTL_SECONDS } from '../store/status/status-list-publisher.ts';
import { protocolErrorHandler } from './protocol-error-handler.ts';
import { authenticateDeferredRequest, authenticateResourceRequest } from './authenticate-resource-request.ts';
import { answerDeferredRequest } from '../store/oid4vci/answer-deferred-request.ts';

const ISSUER_NAME = { en: 'Tessera credential issuer', ko: 'Tessera 전자증명서 발급기관', et: 'Tessera tõendite väljaandja' };

/**
 * The OpenID4VCI 1.0 issuer and its authorization server at the root of `server`, which should
 * be served at `deps.issuerUrl`: metadata at the well-known paths, the token endpoint
 * (pre-authorized code, DPoP), nonce, credential and notification endpoints, the status lists,
 * and the credential offers by reference (OpenID4VCI 1.0 §4.1.3), which answer as problem
 * details (404 unknown, 410 expired or used) since no protocol error format is defined for them.
 */
export async function registerIssuer(server: FastifyInstance, deps: Oid4vciDeps): Promise<void> {
  await server.register(async (scope) => {
    scope.setErrorHandler(protocolErrorHandler(() => deps.dpopNonces.current()));
    scope.addHook('onSend', async (_request, reply) => {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    });

    scope.get('/.well-known/openid-credential-issuer', async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return credentialIssuerMetadata(await activeTypes(deps.db), { issuerUrl: deps.issuerUrl, batchSize: deps.batchSize, name: ISSUER_NAME });
    });
    scope.get('/.well-known/oauth-authorization-server', async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return authorizationServerMetadata(deps.issuerUrl);
    });

    scope.post('/token', async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (!/^application\/x-www-form-urlencoded/.test(request.headers['content-type'] ?? '')) throw invalidRequest('The token request is form-encoded (application/x-www-form-urlencoded).');
      if (body.grant_type !== PRE_AUTHORIZED_GRANT && body.grant_type !== 'authorization_code') throw new ProtocolError('unsupported_grant_type', `Only authorization_code and ${PRE_AUTHORIZED_GRANT} are supported.`);
      const dpop = await verifyDpopProof({
        header: request.headers.dpop, method: 'POST', url: `${deps.issuerUrl}/token`, now: deps.clock.now(),
        nonceValid: (n) => deps.dpopNonces.valid(n), firstUse: deps.firstUse,
      });
      if (!dpop.ok) throw useDpopNonce(deps.dpopNonces.current(), 'token');
      const token = body.grant_type === 'authorization_code'
        ? await redeemAuthorizationCode(deps, { code: body.code, codeVerifier: body.code_verifier, redirectUri: body.redirect_uri, clientId: body.client_id, jkt: dpop.jkt })
        : await redeemPreAuthorizedCode(deps, { code: body['pre-authorized_code'], txCode: body.tx_code, jkt: dpop.jkt });
      reply.header('dpop-nonce', deps.dpopNonces.current());
      return {
        access_token: token.accessToken, token_type: 'DPoP', expires_in: token.expiresIn,
        authorization_details: token.configurationIds.map((id) => ({ type: 'openid_credential', credential_configuration_id: id, credential_identifiers: [id] })),
      };
    });

    registerAuthorization(scope, deps);

    scope.post('/nonce', async (_request, reply) => {
      reply.header('dpop-nonce', deps.dpopNonces.current());
      return { c_nonce: await issueCNonce(deps) };
    });

    scope.post('/credential', async (request, reply) => {
      const grant = await authenticateResourceRequest(deps, request, '/credential');
      const response = await answerCredentialRequest(deps, grant, request.body);
      reply.header('dpop-nonce', deps.dpopNonces.current());
      // A deferred answer is 202 Accepted (OpenID4VCI 1.0 §8.3).
      return 'transaction_id' in response ? reply.code(202).send(response) : response;
    });

    scope.post('/deferred_credential', async (request, reply) => {
      const caller = await authenticateDeferredRequest(deps, request);
      const answer = await answerDeferredRequest(deps, caller, request.body);
      reply.header('dpop-nonce', deps.dpopNonces.current());
      return 'pending' in answer ? reply.code(202).send(answer.pending) : answer.issued;
    });

    scope.post('/notification', async (request, reply) => {
      const grant = await authenticateResourceRequest(deps, request, '/notification');
      await recordNotification(deps, grant.holder, request.body);
      return reply.header('dpop-nonce', deps.dpopNonces.current()).code(204).send();
    });
  });

  server.get<{ Params: { reference: string } }>(`${OFFER_PATH}/:reference`, { schema: { hide: true, params: { type: 'object', properties: { reference: { type: 'string', maxLength: 100 } }, required: ['reference'] } } }, async (request, reply) => {
    // Secret by its address, so never cached; any origin's wallet page may read it (the address is the credential).
    reply.header('cache-control', 'no-store').header('access-control-allow-origin', '*');
    return reply.header('content-type', 'application/json; charset=utf-8').send(await offerByReference(deps, request.params.reference));
  });

  server.get<{ Params: { id: string } }>('/status-lists/:id', { schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } }, required: ['id'] } } }, async (request, reply) => {
    const token = await deps.statusLists.token(Number(request.params.id));
    return reply.header('content-type', 'application/statuslist+jwt').header('cache-control', `public, max-age=${STATUS_TTL_SECONDS}`).send(token);
  });
}
