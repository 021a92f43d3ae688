// SPDX-License-Identifier: Apache-2.0
import type { ValidationIssue } from '@tessera/platform';

// Path patterns of REST endpoints and of restricted access rights. The grammar, kept small so a
// reviewer can tell at a glance what a grant allows:
//
//   /persons            exact: only `/persons` (not `/persons/`, not `/persons/1`)
//   /persons/*          ending in `/*`: everything below `/persons` (`/persons/1`,
//                       `/persons/1/address`) but not `/persons` itself
//   /persons/*/address  a `*` segment anywhere else matches exactly one segment
//   /*                  every path except `/`
//
// Request paths are compared segment by segment on their raw (still percent-encoded) form. A
// request path with `.` or `..` segments, empty segments, backslashes or an encoded `/`, `.` or
// `\` matches nothing: those are the usual ways to make a path look like one thing to the check
// and another to the server behind it.

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

const LITERAL_SEGMENT = /^[A-Za-z0-9\-._~!$&'()+,;=:@%]+$/;

export function pathPatternIssues(pattern: unknown, path: string): ValidationIssue[] {
  const bad = (message: string): ValidationIssue[] => [{ code: 'pattern', path, message }];
  if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > 500) return bad('A path pattern of 1 to 500 characters is required.');
  if (!pattern.startsWith('/')) return bad('A path pattern starts with "/".');
  if (pattern === '/') return [];
  for (const segment of pattern.slice(1).split('/')) {
    if (segment === '*') continue;
    if (segment === '' || segment === '.' || segment === '..' || !LITERAL_SEGMENT.test(segment)) {
      return bad('Each segment of a path pattern is "*" or literal URL path characters; no empty, "." or ".." segments.');
    }
  }
  return [];
}

export function isHttpMethod(value: unknown): value is HttpMethod {
  return typeof value === 'string' && (HTTP_METHODS as readonly string[]).includes(value);
}

/** Segments of a request path, or null when it is one that must match nothing (see above). */
function requestSegments(path: string): string[] | null {
  const bare = path.split('?')[0]!.split('#')[0]!;
  if (!bare.startsWith('/') || bare.includes('\\') || /%2f|%2e|%5c/i.test(bare)) return null;
  if (bare === '/') return [];
  const segments = bare.slice(1).split('/');
  return segments.some((s) => s === '' || s === '.' || s === '..') ? null : segments;
}

/** Whether `path` (a request path, query allowed) matches `pattern`. */
export function matchesPath(pattern: string, path: string): boolean {
  const actual = requestSegments(path);
  if (actual === null) return false;
  const wanted = pattern === '/' ? [] : pattern.slice(1).split('/');
  const subtree = wanted.length > 0 && wanted[wanted.length - 1] === '*';
  if (subtree ? actual.length < wanted.length : actual.length !== wanted.length) return false;
  return wanted.every((w, i) => w === '*' || w === actual[i]);
}
