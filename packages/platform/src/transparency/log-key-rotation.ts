// SPDX-License-Identifier: Apache-2.0
import { canonicalJson } from './canonical-json.ts';

/** An Ed25519 public key as JWK members (the only ones compared). */
export interface LogPublicJwk {
  kty: string;
  crv: string;
  x: string;
}

/**
 * A log's request to sign its tree heads with another key from now on: the new public key and
 * the log it is for, signed by the key the verifier has pinned (so only the holder of the old key
 * can name the new one) and by the new key (so the holder has it). Signatures are Ed25519 over the
 * payload's canonical JSON, base64url.
 */
export interface LogKeyRotation {
  payload: { type: 'tessera/log-key-rotation/v1'; log: string; newKey: LogPublicJwk; at: string };
  signatures: { old: string; new: string };
}

const ED25519 = { name: 'Ed25519' } as const;
const message = (payload: LogKeyRotation['payload']) => new TextEncoder().encode(canonicalJson(payload));
const publicJwk = (k: Readonly<Record<string, unknown>>): LogPublicJwk => ({ kty: String(k.kty), crv: String(k.crv), x: String(k.x) });

/** The rotation statement the log's operator hands to its verifier (the authority's overseer). */
export async function signLogKeyRotation(o: { log: string; oldKey: CryptoKey; newKey: CryptoKey; newPublicJwk: Readonly<Record<string, unknown>>; at: Date }): Promise<LogKeyRotation> {
  const payload = { type: 'tessera/log-key-rotation/v1' as const, log: o.log, newKey: publicJwk(o.newPublicJwk), at: o.at.toISOString() };
  const sign = async (key: CryptoKey) => Buffer.from(await crypto.subtle.sign(ED25519, key, message(payload))).toString('base64url');
  return { payload, signatures: { old: await sign(o.oldKey), new: await sign(o.newKey) } };
}

/**
 * The new key of a rotation statement for `log`, when it is signed by `pinned` and by the new key
 * itself; null for anything else (another log, a key that is no Ed25519 key, the same key, a bad signature).
 */
export async function verifyLogKeyRotation(statement: LogKeyRotation, log: string, pinned: Readonly<Record<string, unknown>>): Promise<LogPublicJwk | null> {
  const { payload } = statement;
  if (payload?.type !== 'tessera/log-key-rotation/v1' || payload.log !== log || typeof payload.at !== 'string') return null;
  const next = publicJwk({ ...payload.newKey });
  const old = publicJwk(pinned);
  if (next.kty !== 'OKP' || next.crv !== 'Ed25519' || next.x === old.x) return null;
  try {
    const verify = async (jwk: LogPublicJwk, signature: string) => crypto.subtle.verify(ED25519, await crypto.subtle.importKey('jwk', { ...jwk }, ED25519, false, ['verify']), Buffer.from(signature, 'base64url'), message({ ...payload, newKey: next }));
    return (await verify(old, statement.signatures.old)) && (await verify(next, statement.signatures.new)) ? next : null;
  } catch {
    return null;
  }
}
