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
      err: (error: Error) => serializeError(error) as { type: string; message: string; stack: string },
      req(req: { id: string; method: string; url: string }) {
        return { id: req.id, method: req.method, path: redactPath(req.url) };
      },
    },
  };
}

/**
 * The path as logged: no query string, and no bearer secret in a segment. Private links carry
 * a 256-bit token as 43 base64url characters (the applicant's status link); such a segment is
 * replaced, so a log reader cannot open someone's application.
 */
export function redactPath(url: string): string {
  return (url.split('?')[0] ?? '').replace(/\/[A-Za-z0-9_-]{43}(?=\/|$)/g, '/[redacted]');
}

/**
 * Errors as type, message, code and stack, following `cause`. Deliberately leaves out every
 * other property: database errors carry the failed query's parameters, which hold personal data.
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: error.message.split('\nparams:')[0],
    ...(typeof code === 'string' ? { code } : {}),
    stack: error.stack?.split('\nparams:')[0],
    ...(error.cause !== undefined && depth < 3 ? { cause: serializeError(error.cause, depth + 1) } : {}),
  };
}
