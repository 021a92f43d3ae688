// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { refuse } from '../verifier-errors.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** base64url(SHA-256(ASCII of the disclosure)), RFC 9901 §4.2.3. */
export const disclosureDigest = (disclosure: string) => createHash('sha256').update(disclosure, 'ascii').digest('base64url');

interface Disclosure {
  digest: string;
  salt: string;
  /** Absent for an array element disclosure. */
  name?: string;
  value: Json;
}

function parseDisclosure(encoded: string): Disclosure {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) refuse('ERR_DISCLOSURE_INVALID');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return refuse('ERR_DISCLOSURE_INVALID');
  }
  if (!Array.isArray(decoded) || typeof decoded[0] !== 'string') return refuse('ERR_DISCLOSURE_INVALID');
  if (decoded.length === 3) {
    const name = decoded[1];
    if (typeof name !== 'string' || name === '_sd' || name === '...' || name === '_sd_alg') refuse('ERR_DISCLOSURE_INVALID');
    return { digest: disclosureDigest(encoded), salt: decoded[0], name, value: decoded[2] as Json };
  }
  if (decoded.length === 2) return { digest: disclosureDigest(encoded), salt: decoded[0], value: decoded[1] as Json };
  return refuse('ERR_DISCLOSURE_INVALID');
}

/**
 * The claims a verifier may read from an SD-JWT payload and its disclosures (RFC 9901 §7.1,
 * steps 3–5), done here rather than trusted to a library: each disclosure's digest must appear
 * exactly once among the `_sd` arrays and `...` array entries reachable from the payload — a
 * disclosure no digest refers to is refused (ERR_DISCLOSURE_UNREFERENCED), not ignored, since
 * it would otherwise let a holder attach claims the issuer never signed. Repeated disclosures or
 * digests, and a disclosed name that is already a plain claim, are refused too. Returns the
 * processed claims and the JSON paths that were selectively disclosed.
 */
export function disclosedClaims(payload: Record<string, unknown>, encodedDisclosures: string[]): { claims: Record<string, unknown>; disclosedPaths: Array<Array<string | number>> } {
  const byDigest = new Map<string, Disclosure>();
  for (const encoded of encodedDisclosures) {
    const d = parseDisclosure(encoded);
    if (byDigest.has(d.digest)) refuse('ERR_DISCLOSURE_INVALID', 'A disclosure is repeated.');
    byDigest.set(d.digest, d);
  }
  const seenDigests = new Set<string>();
  const used = new Set<string>();
  const disclosedPaths: Array<Array<string | number>> = [];

  const take = (digest: unknown): Disclosure | undefined => {
    if (typeof digest !== 'string') return refuse('ERR_DISCLOSURE_INVALID', 'A digest is not a string.');
    if (seenDigests.has(digest)) refuse('ERR_DISCLOSURE_INVALID', 'A digest appears twice.');
    seenDigests.add(digest);
    const d = byDigest.get(digest);
    if (d) used.add(digest);
    return d;
  };

  const walk = (node: Json, path: Array<string | number>): Json => {
    if (Array.isArray(node)) {
      const out: Json[] = [];
      for (const element of node) {
        if (element && typeof element === 'object' && !Array.isArray(element) && '...' in element) {
          if (Object.keys(element).length !== 1) refuse('ERR_DISCLOSURE_INVALID');
          const d = take(element['...']);
          if (!d) continue;
          if (d.name !== undefined) refuse('ERR_DISCLOSURE_INVALID', 'An object disclosure stands in an array.');
          disclosedPaths.push([...path, out.length]);
          out.push(walk(d.value, [...path, out.length]));
        } else out.push(walk(element, [...path, out.length]));
      }
      return out;
    }
    if (node && typeof node === 'object') {
      const out: { [key: string]: Json } = {};
      for (const [key, value] of Object.entries(node)) {
        if (key === '_sd' || key === '_sd_alg') continue;
        out[key] = walk(value, [...path, key]);
      }
      const digests = node._sd;
      if (digests !== undefined) {
        if (!Array.isArray(digests)) refuse('ERR_DISCLOSURE_INVALID', '_sd is not an array.');
        for (const digest of digests as Json[]) {
          const d = take(digest);
          if (!d) continue;
          if (d.name === undefined) refuse('ERR_DISCLOSURE_INVALID', 'An array element disclosure stands in an object.');
          if (Object.hasOwn(out, d.name!)) refuse('ERR_DISCLOSURE_INVALID', 'A disclosed claim repeats a plain claim.');
          disclosedPaths.push([...path, d.name!]);
          out[d.name!] = walk(d.value, [...path, d.name!]);
        }
      }
      return out;
    }
    return node;
  };

  const claims = walk(payload as Json, []) as Record<string, unknown>;
  if (used.size !== byDigest.size) refuse('ERR_DISCLOSURE_UNREFERENCED');
  return { claims, disclosedPaths };
}
