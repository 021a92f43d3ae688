// SPDX-License-Identifier: Apache-2.0
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * An offer served by reference holds its codes in clear, so it is kept sealed: AES-256-GCM under
 * a key derived (HKDF-SHA-256) from the reference id, which is stored only as its hash. A reader
 * of the database can neither find the link nor redeem the codes, as with every other secret here.
 */
const keyOf = (reference: string) => Buffer.from(hkdfSync('sha256', reference, '', 'tessera credential offer by reference', 32));

export function sealOffer(reference: string, offer: object): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(reference), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(offer), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

export function openOffer(reference: string, sealed: string): Record<string, unknown> {
  const bytes = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(reference), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8')) as Record<string, unknown>;
}
