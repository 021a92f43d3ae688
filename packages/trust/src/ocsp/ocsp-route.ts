// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OptionInvalid } from '../trust-errors.ts';
import type { OcspAnswer, OcspResponder } from './ocsp-responder.ts';

const REQUEST_TYPE = 'application/ocsp-request';
const RESPONSE_TYPE = 'application/ocsp-response';
/** Real OCSP requests are a few hundred bytes; 64 KiB leaves room for signed ones with chains. */
const BODY_LIMIT = 64 * 1024;

/**
 * RFC 6960 Appendix A.1 over HTTP: POST with an `application/ocsp-request` body, and
 * GET {prefix}/{url-encoded base64 of the DER request} for responses CDNs and proxies can cache
 * (RFC 5019 §5). Protocol-level errors are OCSP responses with HTTP 200, as clients expect;
 * only a wrong media type, which is not OCSP at all, gets an HTTP problem (415).
 */
export interface OcspRouteOptions {
  /**
   * Requests per client address, of any kind (default 6 000 a minute): beyond it, 429. Even a
   * request without a nonce can cost a signature (a serial nobody asked for yet), and the routes
   * are public.
   */
  rateLimit?: { max: number; timeWindow: number | string };
  /**
   * Answers that echo a nonce, per client address (default 600 a minute). Each costs a fresh
   * signature; beyond the budget the client gets the pre-produced response without its nonce
   * (RFC 8954 §2.1) rather than an error, so status checking keeps working.
   */
  nonceRateLimit?: { max: number; timeWindow: number | string };
}

/**
 * Both limits need @fastify/rate-limit registered on the server (`buildServer` does, with its
 * counters in the database when processes share one), and registration refuses a server without
 * it rather than serving unlimited signatures.
 */
export async function registerOcspRoutes(server: FastifyInstance, responder: Pick<OcspResponder, 'answer'>, prefix = '/ocsp', options: OcspRouteOptions = {}): Promise<void> {
  if (!server.hasDecorator('createRateLimit')) throw new OptionInvalid('The OCSP routes need @fastify/rate-limit registered on the server.');
  const config = { rateLimit: options.rateLimit ?? { max: 6000, timeWindow: '1 minute' } };
  const nonceBudget = server.createRateLimit({
    ...(options.nonceRateLimit ?? { max: 600, timeWindow: '1 minute' }),
    keyGenerator: (request) => `ocsp-nonce ${prefix} ${request.ip}`,
  });
  const answerFor = (request: FastifyRequest, der: Uint8Array) => responder.answer(der, {
    mayEchoNonce: async () => {
      const budget = await nonceBudget(request);
      return budget.isAllowed || !budget.isExceeded;
    },
  });
  await server.register(async (scope) => {
    // Scoped so the binary parser applies to these routes only.
    scope.addContentTypeParser(REQUEST_TYPE, { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));

    for (const path of [prefix, `${prefix}/`]) {
      scope.post(path, {
        config,
        // onRequest runs before body parsing, so a foreign media type never reaches a parser.
        onRequest: async (request, reply) => {
          const mediaType = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
          if (mediaType !== REQUEST_TYPE) {
            return reply.code(415).type('application/problem+json').send({
              type: 'urn:tessera:problem:unsupported-media-type',
              title: 'Unsupported Media Type',
              status: 415,
              detail: `OCSP requests are sent as ${REQUEST_TYPE}.`,
              code: 'ERR_UNSUPPORTED_MEDIA_TYPE',
            });
          }
        },
      }, async (request, reply) => {
        const body = request.body;
        const answer = await answerFor(request, Buffer.isBuffer(body) ? new Uint8Array(body) : new Uint8Array(0));
        // POST responses are not cacheable by intermediaries anyway (RFC 5019 §5).
        return sendAnswer(reply, answer, { cacheable: false });
      });
    }

    scope.get(`${prefix}/*`, { config }, async (request, reply) => {
      // The raw URL, not the router's decoded parameter: we must see %2B/%2F/%3D and literal '/'.
      const path = request.url.split('?')[0]!;
      const encoded = path.slice(prefix.length).replace(/^\/+/, '');
      const der = decodeGetRequest(encoded);
      const answer = await answerFor(request, der ?? new Uint8Array(0));
      if (answer.status === 'successful' && !answer.hasNonce) {
        const etag = `"${createHash('sha256').update(answer.der).digest('base64url').slice(0, 27)}"`;
        reply.header('etag', etag);
        if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      }
      return sendAnswer(reply, answer, { cacheable: true });
    });
  });
}

/**
 * The GET path segment is base64 of the DER request, URL-encoded (RFC 6960 A.1), which leaves
 * '+', '/' and '=' either literal or as %2B/%2F/%3D. base64url is accepted too; a space is a
 * '+' that some intermediary decoded as form encoding.
 */
export function decodeGetRequest(encoded: string): Uint8Array | undefined {
  let text: string;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  const base64 = text.replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (base64 === '' || !/^[A-Za-z0-9+/]+$/.test(base64) || base64.length % 4 === 1) return undefined;
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

function sendAnswer(reply: FastifyReply, answer: OcspAnswer, { cacheable }: { cacheable: boolean }) {
  reply.code(200).type(RESPONSE_TYPE);
  if (cacheable && answer.status === 'successful' && !answer.hasNonce && answer.nextUpdate && answer.producedAt) {
    // RFC 5019 §6.2: cache until nextUpdate, and never serve it past then.
    reply.header('cache-control', `max-age=${answer.maxAgeSeconds ?? 0}, public, no-transform, must-revalidate`);
    reply.header('last-modified', answer.producedAt.toUTCString());
    reply.header('expires', answer.nextUpdate.toUTCString());
  } else {
    // Nonce responses belong to one request; error responses must not stick in caches.
    reply.header('cache-control', 'no-store');
  }
  return reply.send(Buffer.from(answer.der));
}
