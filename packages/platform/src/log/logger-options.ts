// SPDX-License-Identifier: Apache-2.0
import type { FastifyServerOptions } from 'fastify';

/**
 * Paths that may carry secrets or personal data; pino replaces them with "[redacted]".
 * Query strings are dropped from logged URLs for the same reason (they may hold personal data).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.totp',
  '*.secret',
  '*.token',
];

export function loggerOptions(level: string): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req(req: { id: string; method: string; url: string }) {
        return { id: req.id, method: req.method, path: req.url.split('?')[0] };
      },
    },
  };
}
