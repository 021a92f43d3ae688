// SPDX-License-Identifier: Apache-2.0
// The few JOSE operations the wallet needs, on WebCrypto in the browser: ES256 JWTs signed with
// non-extractable keys, and the ECDH-ES + A128GCM/A256GCM JWE of an encrypted direct_post.jwt
// response (RFC 7516, RFC 7518 §4.6). No library: the page ships only its own code.

const encoder = new TextEncoder();

export function b64u(bytes: Uint8Array | ArrayBuffer): string {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromB64u(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export const b64uJson = (value: unknown) => b64u(encoder.encode(JSON.stringify(value)));
export const decodeJson = (part: string): Record<string, unknown> => JSON.parse(new TextDecoder().decode(fromB64u(part)));

export async function sha256(text: string): Promise<string> {
  return b64u(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** An ES256 JWT signed by `key` (WebCrypto ECDSA gives the r||s form JOSE uses). */
export async function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: CryptoKey): Promise<string> {
  const input = `${b64uJson({ alg: 'ES256', ...header })}.${b64uJson(payload)}`;
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, encoder.encode(input));
  return `${input}.${b64u(signature)}`;
}

/** A P-256 signing key whose private half can never be exported, and its public JWK. */
export async function newSigningKey(): Promise<{ privateKey: CryptoKey; publicJwk: JsonWebKey }> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { privateKey: pair.privateKey, publicJwk: { kty, crv, x, y } };
}

const uint32 = (n: number) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const withLength = (bytes: Uint8Array) => concat(uint32(bytes.length), bytes);
function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** JWE compact serialisation for `recipient` (ECDH-ES direct key agreement, Concat KDF with SHA-256). */
export async function encryptJwe(plaintext: string, recipient: JsonWebKey & { kid?: string }, enc: 'A128GCM' | 'A256GCM', party: { apu?: string; apv?: string } = {}): Promise<string> {
  const bits = enc === 'A128GCM' ? 128 : 256;
  const peer = await crypto.subtle.importKey('jwk', { kty: recipient.kty, crv: recipient.crv, x: recipient.x, y: recipient.y }, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const ephemeral = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const z = new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, ephemeral.privateKey, 256));
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', ephemeral.publicKey);
  const header: Record<string, unknown> = { alg: 'ECDH-ES', enc, epk: { kty, crv, x, y }, ...(recipient.kid ? { kid: recipient.kid } : {}), ...(party.apu ? { apu: party.apu } : {}), ...(party.apv ? { apv: party.apv } : {}) };
  const info = concat(withLength(encoder.encode(enc)), withLength(party.apu ? fromB64u(party.apu) : new Uint8Array()), withLength(party.apv ? fromB64u(party.apv) : new Uint8Array()), uint32(bits));
  const derived = new Uint8Array(await crypto.subtle.digest('SHA-256', concat(uint32(1), z, info))).slice(0, bits / 8);
  const cek = await crypto.subtle.importKey('raw', derived, 'AES-GCM', false, ['encrypt']);
  const protectedHeader = b64uJson(header);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(protectedHeader), tagLength: 128 }, cek, encoder.encode(plaintext)));
  return [protectedHeader, '', b64u(iv), b64u(sealed.slice(0, -16)), b64u(sealed.slice(-16))].join('.');
}
