// SPDX-License-Identifier: Apache-2.0
// RFC 3161 §3.4 time-stamp protocol over HTTP: POST a DER TimeStampReq, receive a DER TimeStampResp.
import type { FastifyInstance } from 'fastify';
import type { TimeStampAuthority } from './time-stamp-authority.ts';

export const TIMESTAMP_QUERY = 'application/timestamp-query';
export const TIMESTAMP_REPLY = 'application/timestamp-reply';
/** A TimeStampReq is a few hundred bytes; anything near this size is not a time-stamp request. */
export const TSA_BODY_LIMIT = 64 * 1024;

export interface TsaRouteOptions {
  /**
   * Requests per client address: each one costs a signature and the route is public, so it is
   * capped (default 600 a minute; a gateway stamps its message log about 12 times a minute).
   * Enforced where the server registers @fastify/rate-limit, as `buildServer` does.
   */
  rateLimit?: { max: number; timeWindow: number | string };
}

export function registerTsaRoute(server: FastifyInstance, tsa: TimeStampAuthority, path = '/tsa', options: TsaRouteOptions = {}): void {
  // An encapsulated plugin scope, so dropping the JSON/text parsers here leaves the rest of the
  // server untouched, and any other content type is answered 415 by Fastify itself.
  void server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(TIMESTAMP_QUERY, { parseAs: 'buffer', bodyLimit: TSA_BODY_LIMIT }, (_request, body, done) => {
      done(null, body);
    });
    scope.post(path, { bodyLimit: TSA_BODY_LIMIT, config: { rateLimit: options.rateLimit ?? { max: 600, timeWindow: '1 minute' } } }, async (request, reply) => {
      // a bodiless POST skips content-type parsing entirely, so the media type is checked here as well
      const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
      if (mediaType !== TIMESTAMP_QUERY || !Buffer.isBuffer(request.body)) {
        return reply.code(415).type('application/problem+json').send({
          type: 'urn:tessera:problem:unsupported-media-type', title: 'Unsupported Media Type', status: 415,
          detail: `Time-stamp requests are sent as ${TIMESTAMP_QUERY}.`, code: 'ERR_UNSUPPORTED_MEDIA_TYPE',
        });
      }
      const response = await tsa.respond(request.body);
      return reply.code(200).header('content-type', TIMESTAMP_REPLY).send(Buffer.from(response.buffer, response.byteOffset, response.byteLength));
    });
  });
}
