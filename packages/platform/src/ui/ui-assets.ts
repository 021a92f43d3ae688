// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const CSS = readFileSync(new URL('./assets/tessera.css', import.meta.url));
const ETAG = `"${createHash('sha256').update(CSS).digest('base64url').slice(0, 16)}"`;

/** Serves the UI kit's stylesheet from memory; the one asset pages need (no page needs scripts). */
export function registerUiAssets(server: FastifyInstance): void {
  server.get('/assets/tessera.css', { schema: { hide: true } }, async (request, reply) => {
    reply.header('etag', ETAG).header('cache-control', 'public, max-age=3600');
    if (request.headers['if-none-match'] === ETAG) return reply.code(304).send();
    return reply.type('text/css; charset=utf-8').send(CSS);
  });
}
