// SPDX-License-Identifier: Apache-2.0
import { createHash, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import type { CredentialType } from '../types/credential-type.ts';

export interface SdJwtVcIssue {
  type: CredentialType;
  /** Claims from the owning agency, already checked against the type. */
  claims: Record<string, unknown>;
  /** The wallet's public key the credential is bound to (cnf.jwk, RFC 7800). */
  holderKey: JWK;
  issuer: { url: string; x5c: string[]; sign(data: Uint8Array): Promise<Uint8Array> };
  status: { idx: number; uri: string };
  issuedAt: Date;
  expiresAt: Date;
}

/** Claims SD-JWT VC §3.2.2 keeps in the clear: a type marking one disclosable is refused. */
const NEVER_DISCLOSED = new Set(['iss', 'nbf', 'exp', 'cnf', 'vct', 'status']);

/**
 * One SD-JWT VC (`dc+sd-jwt`, RFC 9901 and SD-JWT VC): every claim the type marks disclosable
 * becomes a disclosure with its own salt, the rest are plain; the issuer's certificate chain is
 * in x5c; cnf binds it to the wallet key; status points at its Token Status List entry.
 *
 * Built here rather than by @sd-jwt/core's `issue` (which the tests verify against): the same
 * token, flat disclosures only, without its per-claim promises and base64 in JavaScript — at
 * issuance rates that was most of a credential's CPU. The header is the same for every
 * credential of an issuer key, so it is encoded once per certificate chain.
 */
export async function issueSdJwtVc(input: SdJwtVcIssue): Promise<string> {
  const disclosable = new Set(input.type.claims.filter((c) => c.disclosable && c.name in input.claims).map((c) => c.name));
  for (const name of disclosable) if (NEVER_DISCLOSED.has(name)) throw new TypeError(`${name} cannot be a disclosable claim`);
  const { d: _private, ...publicKey } = input.holderKey;
  const full: Record<string, unknown> = {
    iss: input.issuer.url,
    iat: seconds(input.issuedAt),
    nbf: seconds(input.issuedAt),
    exp: seconds(input.expiresAt),
    vct: input.type.vct,
    cnf: { jwk: publicKey },
    status: { status_list: input.status },
    ...input.claims,
  };
  // 128 random bits per disclosure's salt (RFC 9901 §9.3), drawn for the whole credential at once.
  const salts = randomBytes(SALT_BYTES * disclosable.size);
  const payload: Record<string, unknown> = {};
  const disclosures: string[] = [];
  const digests: string[] = [];
  for (const [name, value] of Object.entries(full)) {
    if (value === undefined) continue;
    if (!disclosable.has(name)) {
      payload[name] = value;
      continue;
    }
    const salt = salts.subarray(disclosures.length * SALT_BYTES, (disclosures.length + 1) * SALT_BYTES).toString('base64url');
    // RFC 9901 §4.2.1: base64url of the JSON array [salt, name, value]; its digest over those ASCII bytes.
    const disclosure = Buffer.from(JSON.stringify([salt, name, value])).toString('base64url');
    disclosures.push(disclosure);
    digests.push(createHash('sha256').update(disclosure).digest('base64url'));
  }
  // Sorted, so the digests' order says nothing of the claims' (RFC 9901 §4.2.4.1).
  if (digests.length > 0) payload._sd = digests.sort();
  payload._sd_alg = 'sha-256';
  const input64 = `${encodedHeader(input.issuer.x5c)}.${b64(payload)}`;
  const signature = Buffer.from(await input.issuer.sign(Buffer.from(input64))).toString('base64url');
  return `${input64}.${signature}~${disclosures.map((d) => `${d}~`).join('')}`;
}

const headers = new WeakMap<string[], string>();
function encodedHeader(x5c: string[]): string {
  let header = headers.get(x5c);
  if (!header) headers.set(x5c, header = b64({ typ: 'dc+sd-jwt', x5c, alg: 'ES256' }));
  return header;
}

const SALT_BYTES = 16;
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
