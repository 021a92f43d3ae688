// SPDX-License-Identifier: Apache-2.0
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { TesseraError } from '@tessera/platform';
import { ProtocolError } from '../domain/oid4vci/oid4vci-errors.ts';

/**
 * Errors of the protocol endpoints in the protocol's format: `{ error, error_description }`
 * with the status and headers the spec asks for. A Tessera error below 500 becomes
 * `credential_request_denied` (or `invalid_request` for malformed input) with its message; a
 * server fault is `server_error` with a fixed description, and is logged.
 */
export function protocolErrorHandler(nonce: () => string) {
  return (error: FastifyError | TesseraError, request: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store').header('dpop-nonce', nonce());
    if (error instanceof ProtocolError) {
      for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
      return reply.code(error.status).send({ error: error.error, error_description: error.message });
    }
    if ('validation' in error && error.validation) return reply.code(400).send({ error: 'invalid_request', error_description: error.message });
    if ('statusCode' in error && error.statusCode === 400) return reply.code(400).send({ error: 'invalid_request', error_description: 'The request body could not be parsed.' });
    if (error instanceof TesseraError && error.status < 500) {
      return reply.code(error.status === 404 ? 400 : error.status).send({ error: error.status === 400 ? 'invalid_request' : 'credential_request_denied', error_description: error.message, code: error.code });
    }
    request.log.error({ err: error }, 'issuer request failed');
    if (error instanceof TesseraError) return reply.code(error.status).send({ error: 'server_error', error_description: error.message, code: error.code });
    return reply.code(500).send({ error: 'server_error', error_description: 'The issuer failed; nothing was issued. Try again later.' });
  };
}
