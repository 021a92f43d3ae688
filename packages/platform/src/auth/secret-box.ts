// SPDX-License-Identifier: Apache-2.0
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Purposes the auth secret key is split into (HKDF, RFC 5869), so no two uses share a key. */
export type KeyPurpose = 'totp-secret' | 'totp-enrolment' | 'ip-hash';

/** Derives a 32-byte key for one purpose from the 32-byte auth secret key (HKDF-SHA-256, RFC 5869). */
export function deriveKey(secretKey: Uint8Array, purpose: KeyPurpose): Buffer {
  if (secretKey.length !== 32) throw new RangeError('The auth secretKey must be 32 bytes.');
  return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), `tessera platform_auth ${purpose}`, 32));
}

/** Thrown when sealed data was altered, sealed under another key or bound to other data. */
export class SealBroken extends Error {
  constructor() {
    super('Sealed value could not be opened.');
    this.name = 'SealBroken';
  }
}

/**
 * Encrypts with AES-256-GCM (NIST SP 800-38D), 96-bit random IV. `aad` binds the ciphertext to
 * its context (e.g. the staff id), so a sealed value copied elsewhere does not open.
 * Format: `v1.<iv>.<ciphertext>.<tag>`, base64url.
 */
export function seal(key: Buffer, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, ciphertext, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** Opens what `seal` made with the same key and `aad`; throws `SealBroken` otherwise. */
export function open(key: Buffer, sealed: string, aad: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1') throw new SealBroken();
  const [iv, ciphertext, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
  if (iv.length !== 12 || tag.length !== 16) throw new SealBroken();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new SealBroken();
  }
}
