// SPDX-License-Identifier: Apache-2.0
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UnsupportedMediaType } from '../errors/tessera-error.ts';
import type { Server } from './server.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isSafeMethod = (method: string) => SAFE_METHODS.has(method);

/**
 * Checks the request's CSRF token (the form's `_csrf` field or the `X-CSRF-Token` header)
 * against the signed secret cookie, as `server.csrfProtection` does, but as a promise a gate can
 * await: the plugin answers a bad token by sending the error, which becomes the rejection here.
 */
export function verifyCsrf(server: Server, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = Object.create(reply, { send: { value: (error: unknown) => reject(error) } }) as FastifyReply;
    server.csrfProtection.call(server, request, probe, () => resolve());
  });
}

/**
 * preValidation for JSON APIs: a body must be `application/json`. A cross-site page can post a
 * form (urlencoded, multipart, text/plain) without asking, but not JSON, so a browser carrying
 * the session cookie cannot be made to send one of these requests from another site.
 */
export async function requireJsonBody(request: FastifyRequest): Promise<void> {
  if (isSafeMethod(request.method)) return;
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const hasBody = type !== '' || Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (hasBody && type !== 'application/json') throw new UnsupportedMediaType('This API accepts JSON bodies only (Content-Type: application/json).');
}
