// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LogKeyUnsealable, LogPublicKeyExpected } from './tessera-errors.ts';
import { exportJWK, importJWK, type JWK } from 'jose';

export interface LogSigningKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
}

/** The sealed log key on disk: PKCS#8 under AES-256-GCM with the KEK, as the CA keys are. */
export interface SealedLogKey {
  version: 1;
  kid: string;
  algorithm: 'Ed25519';
  /** SubjectPublicKeyInfo, base64; authenticated as GCM additional data, so it cannot be swapped. */
  publicKey: string;
  iv: string;
  wrapped: string;
}

const ED25519 = { name: 'Ed25519' } as const;
const b64 = (data: ArrayBuffer) => Buffer.from(data).toString('base64');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const additionalData = (k: Pick<SealedLogKey, 'kid' | 'algorithm' | 'publicKey'>) => new TextEncoder().encode(`tessera-log-key/v1\n${k.kid}\n${k.algorithm}\n${k.publicKey}`);

export const sealedKeyFile = (dataDir: string) => join(dataDir, 'keys', 'transparency-log.sealed.json');
const plainKeyFile = (dataDir: string) => join(dataDir, 'keys', 'transparency-log.jwk.json');
export const publicKeyFile = (dataDir: string) => join(dataDir, 'keys', 'transparency-log.public.jwk.json');

/**
 * The key that signs transparency-log tree heads, sealed under the key-encryption key (the
 * KEK that seals the CA keys): created on first start, unsealed non-extractable on each start.
 * A key left as a plain JWK by an earlier version is sealed and the plain file removed, so the
 * log keeps its identity. The public half is written beside it for `tessera log verify --key`.
 */
export async function loadLogSigningKey(options: { dataDir: string; kek: Uint8Array }): Promise<LogSigningKey> {
  const kek = await importKek(options.kek);
  let sealed = await readSealedLogKey(sealedKeyFile(options.dataDir));
  if (!sealed) {
    const plain = await readJson<JWK>(plainKeyFile(options.dataDir));
    const privateKey = plain
      ? ((await importJWK(plain, 'EdDSA', { extractable: true })) as CryptoKey)
      : (await crypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])).privateKey;
    sealed = await sealLogKey(kek, privateKey, plain?.kid ?? `log-${new Date().toISOString().slice(0, 10)}`);
    await mkdir(join(options.dataDir, 'keys'), { recursive: true, mode: 0o700 });
    if (await publishOnce(sealedKeyFile(options.dataDir), JSON.stringify(sealed))) {
      if (plain) await rm(plainKeyFile(options.dataDir));
    } else {
      // Another process of this part made the key first: every process signs with that one.
      sealed = (await readSealedLogKey(sealedKeyFile(options.dataDir)))!;
    }
  }
  const key = await unsealLogKey(kek, sealed);
  // The public half is what an auditor needs to run `tessera log verify --key` elsewhere.
  await writeFile(publicKeyFile(options.dataDir), JSON.stringify(key.publicJwk));
  return key;
}

/** The key-encryption key as WebCrypto takes it for wrapping log keys. */
export const importKek = (kek: Uint8Array) => crypto.subtle.importKey('raw', new Uint8Array(kek), { name: 'AES-GCM' }, false, ['wrapKey', 'unwrapKey']);

/** An extractable Ed25519 private key sealed under the KEK, its public half bound to it as additional data. */
export async function sealLogKey(kek: CryptoKey, privateKey: CryptoKey, kid: string): Promise<SealedLogKey> {
  const { d: _private, ...publicJwk } = await exportJWK(privateKey);
  const publicKey = b64(await crypto.subtle.exportKey('spki', (await importJWK(publicJwk, 'EdDSA')) as CryptoKey));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = await crypto.subtle.wrapKey('pkcs8', privateKey, kek, { name: 'AES-GCM', iv, additionalData: additionalData({ kid, algorithm: 'Ed25519', publicKey }), tagLength: 128 });
  return { version: 1, kid, algorithm: 'Ed25519', publicKey, iv: Buffer.from(iv).toString('base64'), wrapped: b64(wrapped) };
}

/** The sealed key opened: its private half non-extractable, for signing only. */
export async function unsealLogKey(kek: CryptoKey, sealed: SealedLogKey): Promise<LogSigningKey> {
  let privateKey: CryptoKey;
  try {
    privateKey = await crypto.subtle.unwrapKey('pkcs8', unb64(sealed.wrapped), kek, { name: 'AES-GCM', iv: unb64(sealed.iv), additionalData: additionalData(sealed), tagLength: 128 }, ED25519, false, ['sign']);
  } catch (cause) {
    throw new LogKeyUnsealable({ cause });
  }
  const publicKey = await crypto.subtle.importKey('spki', unb64(sealed.publicKey), ED25519, true, ['verify']);
  const publicJwk = { ...(await exportJWK(publicKey)), kid: sealed.kid, alg: 'EdDSA' };
  return { privateKey, publicKey, publicJwk, kid: sealed.kid };
}

/** The sealed key in `file`, or null when there is none. */
export const readSealedLogKey = (file: string) => readJson<SealedLogKey>(file);

/**
 * Writes `file` whole or not at all, and only if it does not exist yet: written under a temporary
 * name, then hard-linked into place (atomic, and refused if another process linked first).
 * Returns false when another process's file was there first; a reader never sees half a file.
 */
export async function publishOnce(file: string, text: string): Promise<boolean> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
}

async function readJson<T>(file: string): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return JSON.parse(text) as T;
}

/** The log's public key from a JWK file; all a verifier needs besides the log itself. */
export async function readLogPublicKey(file: string): Promise<CryptoKey> {
  const jwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  if ('d' in jwk) throw new LogPublicKeyExpected(`${file} holds a private key; give the verifier the public key only.`);
  return (await importJWK(jwk, 'EdDSA')) as CryptoKey;
}
