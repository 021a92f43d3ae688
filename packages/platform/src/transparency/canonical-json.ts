// SPDX-License-Identifier: Apache-2.0

/**
 * JSON with object keys sorted and no insignificant whitespace (the RFC 8785 scheme for the
 * values events hold: strings, finite numbers, booleans, null, arrays, objects), so the same
 * event always hashes to the same leaf. Hand-written: it is ten lines and no kept package
 * is installed for it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no representation for non-finite numbers');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot represent ${typeof value}`);
}
