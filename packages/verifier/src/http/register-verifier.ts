// SPDX-License-Identifier: Apache-2.0
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TesseraError, Unauthenticated, type Server } from '@tessera/platform';
import { presentationRefused } from '../domain/verifier-errors.ts';
import { createPresentationRequest } from '../store/create-presentation-request.ts';
import { findPresentationRequest } from '../store/find-presentation-request.ts';
import { receiveResponse, type ResponseOutcome } from '../store/receive-response.ts';
import { relyingPartyByApiKey, type RelyingPartyRow } from '../store/relying-party-identity.ts';
import { requestObject } from '../store/request-object.ts';
import type { VerifierDeps } from '../store/verifier-deps.ts';
import { CreateRequestBody } from './verifier-schemas.ts';

const ID = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } as const;

export interface VerifierHttpOptions {
  /** Called after every recorded outcome has committed (nudges the webhook delivery, the result page's push). */
  onOutcome?(outcome: ResponseOutcome): void;
}

/**
 * The verifier's endpoints: for wallets, the request object by reference (GET and POST, OpenID4VP
 * 1.0 §5.10) and the response endpoint (§8.2) answering in OAuth error format; for relying
 * parties, a REST API authenticated by their API key to open requests and read results
 * (problem details on errors).
 */
export async function registerVerifier(server: Server, deps: VerifierDeps, options: VerifierHttpOptions = {}): Promise<void> {
  await server.register(async (wallet) => {
    wallet.setErrorHandler((error: Error, request, reply) => {
      reply.header('cache-control', 'no-store');
      if (error instanceof TesseraError && error.status < 500) {
        return reply.code(error.status === 404 ? 404 : 400).send({ error: error.status === 404 ? 'invalid_request_uri' : 'invalid_request', error_description: error.message, code: error.code });
      }
      if ('validation' in error && error.validation) return reply.code(400).send({ error: 'invalid_request', error_description: error.message });
      request.log.error({ err: error }, 'verifier request failed');
      return reply.code(500).send({ error: 'server_error', error_description: 'The verifier failed; the presentation was not recorded. Try again.' });
    });
    const sendRequestObject = async (reply: FastifyReply, id: string, walletNonce?: string) =>
      reply.header('content-type', 'application/oauth-authz-req+jwt').header('cache-control', 'no-store').send(await requestObject(deps, id, walletNonce));

    wallet.get<{ Params: { id: string } }>('/oid4vp/requests/:id', { schema: { params: ID } }, async (request, reply) => sendRequestObject(reply, request.params.id));
    wallet.post<{ Params: { id: string } }>('/oid4vp/requests/:id', { schema: { params: ID } }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const walletNonce = typeof body.wallet_nonce === 'string' && body.wallet_nonce.length <= 256 ? body.wallet_nonce : undefined;
      return sendRequestObject(reply, request.params.id, walletNonce);
    });
    wallet.post<{ Params: { id: string } }>('/oid4vp/responses/:id', { schema: { params: ID } }, async (request, reply) => {
      const outcome = await receiveResponse(deps, request.params.id, (request.body ?? {}) as Record<string, unknown>);
      options.onOutcome?.(outcome);
      reply.header('cache-control', 'no-store');
      if (outcome.status === 'refused') throw presentationRefused(outcome.refusal);
      return {};
    });
  });

  const relyingParty = async (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer (rp_[A-Za-z0-9_-]{20,64})$/.exec(header);
    if (!match) throw new Unauthenticated('Send the relying party’s API key as a Bearer token.');
    return relyingPartyByApiKey(deps, match[1]!);
  };
  // The key is checked before the body: a caller without one learns nothing of the schema.
  const authenticated = new WeakMap<FastifyRequest, RelyingPartyRow>();
  const authenticate = async (request: FastifyRequest) => {
    authenticated.set(request, await relyingParty(request));
  };
  server.post('/api/verifier/requests', { schema: { body: CreateRequestBody }, preValidation: authenticate }, async (request, reply) => {
    const rp = authenticated.get(request) ?? await relyingParty(request);
    const body = request.body;
    const created = await createPresentationRequest(deps, {
      relyingPartyId: rp.id, dcqlQuery: body.dcql_query, template: body.template ?? null, ...(body.response_mode ? { responseMode: body.response_mode } : {}),
    }, `relying-party:${rp.id}`);
    return reply.code(201).send({ id: created.id, client_id: created.clientId, link: created.link, request_uri: created.requestUri, qr_svg: created.qrSvg, expires_at: created.expiresAt.toISOString() });
  });
  server.get<{ Params: { id: string } }>('/api/verifier/requests/:id', { schema: { params: ID } }, async (request) => {
    const rp = await relyingParty(request);
    return findPresentationRequest(deps, rp.id, request.params.id);
  });
}
