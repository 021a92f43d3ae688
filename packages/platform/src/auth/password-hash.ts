// SPDX-License-Identifier: Apache-2.0
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/*
 * Why scrypt: it is memory-hard (RFC 7914), so guessing on GPUs and ASICs costs memory as well as
 * time, and it ships with Node (`crypto.scrypt`), so there is no native addon to build, audit
 * and keep patched. Argon2id would be the first choice if Node had it built in.
 */

/** scrypt cost parameters (RFC 7914 §2): N = 2^ln, block size r, parallelism p. */
export interface ScryptParams {
  ln: number;
  r: number;
  p: number;
}

/** Current parameters: N=2^15, r=8, p=1 (32 MiB, the OWASP Password Storage Cheat Sheet minimum). */
export const SCRYPT_PARAMS: ScryptParams = { ln: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Bounds on stored parameters, so a corrupt or planted hash cannot make verification hang.
const LIMITS = { ln: [10, 20], r: [1, 32], p: [1, 16] } as const;
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{16,})$/;

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  // Node refuses above maxmem (default 32 MiB, just under what N=2^15, r=8 needs): allow twice the need.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

function parse(phc: string): ParsedHash | null {
  const m = PHC.exec(phc);
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  for (const key of ['ln', 'r', 'p'] as const) {
    const [min, max] = LIMITS[key];
    if (params[key] < min || params[key] > max) return null;
  }
  return { params, salt: Buffer.from(m[4]!, 'base64'), hash: Buffer.from(m[5]!, 'base64') };
}

/**
 * Hashes a password with scrypt (RFC 7914) into a PHC string format
 * (https://github.com/P-H-C/phc-string-format): `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, both in
 * unpadded base64. The password is NFKC-normalised first (NIST SP 800-63B §5.1.1.2).
 */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params, KEY_BYTES);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

/**
 * Checks a password against a stored PHC string in constant time. A malformed or out-of-bounds
 * stored hash never matches.
 */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  const parsed = parse(phc);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.params, parsed.hash.length);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when the stored hash was made with other parameters than `params` and should be replaced. */
export function passwordNeedsRehash(phc: string, params: ScryptParams = SCRYPT_PARAMS): boolean {
  const parsed = parse(phc);
  if (!parsed) return true;
  return parsed.params.ln !== params.ln || parsed.params.r !== params.r || parsed.params.p !== params.p
    || parsed.salt.length !== SALT_BYTES || parsed.hash.length !== KEY_BYTES;
}

let dummy: Promise<string> | undefined;

/** Makes the hash `burnPasswordVerification` checks against, ahead of the first sign-in. */
export function prepareDummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('base64'));
  return dummy;
}

/**
 * Verifies against a throwaway hash with the current parameters and discards the result, so
 * that a sign-in for an unknown username takes as long as one for a real account.
 */
export async function burnPasswordVerification(password: string): Promise<void> {
  await verifyPassword(await prepareDummyHash(), password);
}
