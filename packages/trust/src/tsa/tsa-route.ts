// SPDX-License-Identifier: Apache-2.0
// RFC 3161 §3.4 time-stamp protocol over HTTP: POST a DER TimeStampReq, receive a DER TimeStampResp.
import type { FastifyInstance } from 'fastify';
import type { TimeStampAuthority } from './time-stamp-authority.ts';

export const TIMESTAMP_QUERY = 'application/timestamp-query';
export const TIMESTAMP_REPLY = 'application/timestamp-reply';
/** A TimeStampReq is a few hundred bytes; anything near this size is not a time-stamp request. */
export const TSA_BODY_LIMIT = 64 * 1024;

export function registerTsaRoute(server: FastifyInstance, tsa: TimeStampAuthority, path = '/tsa'): void {
  // An encapsulated plugin scope, so dropping the JSON/text parsers here leaves the rest of the
  // server untouched, and any other content type is answered 415 by Fastify itself.
  void server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(TIMESTAMP_QUERY, { parseAs: 'buffer', bodyLimit: TSA_BODY_LIMIT }, (_request, body, done) => {
      done(null, body);
    });
    scope.post(path, { bodyLimit: TSA_BODY_LIMIT }, async (request, reply) => {
      // a bodiless POST skips content-type parsing entirely, so the media type is checked here as well
      const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
      if (mediaType !== TIMESTAMP_QUERY || !Buffer.isBuffer(request.body)) {
        return reply.code(415).send({ error: `expected ${TIMESTAMP_QUERY}` });
      }
      const response = await tsa.respond(request.body);
      return reply.code(200).header('content-type', TIMESTAMP_REPLY).send(Buffer.from(response.buffer, response.byteOffset, response.byteLength));
    });
  });
}
