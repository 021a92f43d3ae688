// SPDX-License-Identifier: Apache-2.0
import { TesseraError } from './tessera-error.ts';

/** RFC 9457 problem details, with Tessera's stable `code` as an extension member. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Content Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** Problem type URIs are stable, dereferenceable-looking identifiers per code. */
export function problemType(code: string): string {
  return `urn:tessera:problem:${code.toLowerCase().replace(/^err_/, '').replace(/_/g, '-')}`;
}

/**
 * The single mapping from errors to RFC 9457 bodies. Details and extensions are exposed only
 * for 4xx; anything else becomes a generic server error (a TesseraError keeps its 5xx status) so
 * internals never leak.
 */
export function toProblem(error: unknown, instance?: string): ProblemDetails {
  if (error instanceof TesseraError && error.status < 500) {
    return {
      type: problemType(error.code),
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      detail: error.message,
      ...(instance ? { instance } : {}),
      code: error.code,
      ...error.extensions,
    };
  }
  // A server error of ours keeps its status (a 502 says another party failed, not this server), never its detail.
  const status = error instanceof TesseraError && error.status >= 500 && error.status <= 599 ? error.status : 500;
  return {
    type: problemType('ERR_INTERNAL'),
    title: TITLES[status] ?? TITLES[500]!,
    status,
    detail: 'The server could not complete the request. It has been logged.',
    ...(instance ? { instance } : {}),
    code: 'ERR_INTERNAL',
  };
}
