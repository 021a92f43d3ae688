// SPDX-License-Identifier: Apache-2.0

const BASE = 'https://tessera.invalid';

// URL parsers drop tabs and newlines, so `/\t/evil.example` would become `//evil.example`.
function hasBackslashOrControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x5c) return true;
  }
  return false;
}

/**
 * Where to go after signing in, if `next` is a path on this site; otherwise undefined. Refuses
 * absolute and protocol-relative URLs (`//evil.example`), backslash tricks (`/\evil.example`,
 * which browsers read as `//`), control characters and anything that resolves to another origin
 * (OWASP Unvalidated Redirects and Forwards Cheat Sheet).
 */
export function safeNextPath(next: string | undefined): string | undefined {
  if (next === undefined || next.length === 0 || next.length > 2048) return undefined;
  if (!next.startsWith('/') || next.startsWith('//') || hasBackslashOrControl(next)) return undefined;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== BASE) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}
