// SPDX-License-Identifier: Apache-2.0
import { createPrivateKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import {
  KeyEncryptionKeyInvalid, KeyEncryptionKeyWrong, KeyLabelInvalid, KeyLabelTaken, KeyNotFound, KeyRecordInvalid,
} from '../trust-errors.ts';

/** Curves a CA key may use; P-384 for roots and card CAs (the Estonian card generation since 2018). */
export type CaKeyAlgorithm = 'P-384' | 'P-256';

/** ECDSA hash that goes with each curve (RFC 5480 §4: match the hash strength to the curve). */
export const HASH_FOR_CURVE: Readonly<Record<CaKeyAlgorithm, 'SHA-384' | 'SHA-256'>> = { 'P-384': 'SHA-384', 'P-256': 'SHA-256' };

/**
 * A key's signing capability without the key. `sign` answers ECDSA in the WebCrypto format
 * (IEEE P1363, r‖s), hashing with `algorithm.hash`.
 */
export interface Signer {
  readonly label: string;
  readonly publicKey: CryptoKey;
  readonly algorithm: { readonly name: 'ECDSA'; readonly namedCurve: CaKeyAlgorithm; readonly hash: 'SHA-384' | 'SHA-256' };
  sign(data: Uint8Array): Promise<Uint8Array>;
  /**
   * The same signature as a DER ECDSA-Sig-Value (RFC 5480 §2.2.3), the form certificates, CRLs,
   * OCSP responses and CMS carry: a store that can answer it directly spares the caller a
   * conversion. Optional, as a store may only speak P1363.
   */
  signDer?(data: Uint8Array): Promise<Uint8Array>;
}

/** Where CA private keys live. Keys are generated inside and only their signatures come out. */
export interface KeyStore {
  generate(label: string, algorithm: CaKeyAlgorithm): Promise<{ label: string; publicKey: CryptoKey }>;
  has(label: string): Promise<boolean>;
  publicKey(label: string): Promise<CryptoKey>;
  sign(label: string, data: Uint8Array): Promise<Uint8Array>;
  signer(label: string): Promise<Signer>;
}

/** A private key at rest: PKCS#8 sealed with AES-256-GCM under the KEK. Plain JSON so any backend can hold it. */
export interface WrappedKey {
  version: 1;
  label: string;
  algorithm: CaKeyAlgorithm;
  /** SubjectPublicKeyInfo, base64; authenticated as GCM additional data, so it cannot be swapped. */
  publicKey: string;
  /** 12-byte GCM nonce, base64. */
  iv: string;
  /** AES-256-GCM(PKCS#8) with its tag, base64. */
  wrapped: string;
  createdAt: string;
}

/**
 * Persistence of wrapped keys. `put` must refuse to overwrite an existing label (throw
 * KeyLabelTaken): a CA key is never replaced in place.
 */
export interface KeyStoreBackend {
  get(label: string): Promise<WrappedKey | null>;
  put(label: string, key: WrappedKey): Promise<void>;
}

const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Labels end up in file names and database keys, so only a safe alphabet is allowed. */
export function assertKeyLabel(label: string): void {
  if (!LABEL.test(label)) throw new KeyLabelInvalid(label);
}

interface Unsealed {
  readonly privateKey: KeyObject;
  readonly publicKey: CryptoKey;
  readonly algorithm: CaKeyAlgorithm;
}

const b64 = (data: ArrayBuffer | Uint8Array): string => Buffer.from(data instanceof Uint8Array ? data : new Uint8Array(data)).toString('base64');
const unb64 = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(text, 'base64'));
const copy = (data: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(data);
const NODE_HASH: Readonly<Record<CaKeyAlgorithm, string>> = { 'P-384': 'sha384', 'P-256': 'sha256' };
const NODE_CURVE: Readonly<Record<CaKeyAlgorithm, string>> = { 'P-384': 'secp384r1', 'P-256': 'prime256v1' };

/** GCM additional data: binds the sealed key to its label, curve and public key. */
function additionalData(key: Pick<WrappedKey, 'label' | 'algorithm' | 'publicKey'>): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`tessera-ca-key/v1\n${key.label}\n${key.algorithm}\n${key.publicKey}`);
}

function checkRecord(label: string, record: WrappedKey): void {
  if (record.version !== 1) throw new KeyRecordInvalid(label, `unknown version ${String(record.version)}`);
  if (record.label !== label) throw new KeyRecordInvalid(label, `it belongs to "${record.label}"`);
  if (record.algorithm !== 'P-384' && record.algorithm !== 'P-256') throw new KeyRecordInvalid(label, 'unknown curve');
  for (const field of ['publicKey', 'iv', 'wrapped'] as const) {
    if (typeof record[field] !== 'string' || record[field] === '') throw new KeyRecordInvalid(label, `missing ${field}`);
  }
}

/**
 * Key store that seals every private key under a 32-byte KEK (AES-256-GCM via WebCrypto
 * wrapKey). The key pair is generated extractable only so it can be wrapped; the copy used to
 * sign is opened once into a node:crypto KeyObject kept in a private field, so the API cannot
 * yield it. It signs with node:crypto (synchronous, about five times WebCrypto's rate here): a
 * credential issuer signs once per credential, and WebCrypto's per-call job was most of that
 * time. Later an HSM-backed KeyStore can replace this one unchanged.
 */
export class WrappedKeyStore implements KeyStore {
  readonly #kek: CryptoKey;
  readonly #backend: KeyStoreBackend;
  readonly #open = new Map<string, Promise<Unsealed>>();

  private constructor(kek: CryptoKey, backend: KeyStoreBackend) {
    this.#kek = kek;
    this.#backend = backend;
  }

  static async open(options: { kek: Uint8Array; backend: KeyStoreBackend }): Promise<WrappedKeyStore> {
    if (options.kek.byteLength !== 32) throw new KeyEncryptionKeyInvalid(options.kek.byteLength);
    const kek = await crypto.subtle.importKey('raw', copy(options.kek), { name: 'AES-GCM' }, false, ['wrapKey', 'unwrapKey', 'decrypt']);
    return new WrappedKeyStore(kek, options.backend);
  }

  async generate(label: string, algorithm: CaKeyAlgorithm): Promise<{ label: string; publicKey: CryptoKey }> {
    assertKeyLabel(label);
    if (await this.#backend.get(label)) throw new KeyLabelTaken(label);
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: algorithm }, true, ['sign', 'verify']);
    const publicKey = b64(await crypto.subtle.exportKey('spki', pair.publicKey));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = { label, algorithm, publicKey };
    const wrapped = await crypto.subtle.wrapKey('pkcs8', pair.privateKey, this.#kek, {
      name: 'AES-GCM', iv, additionalData: additionalData(sealed), tagLength: 128,
    });
    await this.#backend.put(label, { version: 1, ...sealed, iv: b64(iv), wrapped: b64(wrapped), createdAt: new Date().toISOString() });
    // Reopen from the stored record, so what signs is exactly what was persisted, and not extractable.
    const opened = await this.#unsealed(label);
    return { label, publicKey: opened.publicKey };
  }

  async has(label: string): Promise<boolean> {
    assertKeyLabel(label);
    return (await this.#backend.get(label)) !== null;
  }

  async publicKey(label: string): Promise<CryptoKey> {
    return (await this.#unsealed(label)).publicKey;
  }

  async sign(label: string, data: Uint8Array): Promise<Uint8Array> {
    const key = await this.#unsealed(label);
    // IEEE P1363 (r ‖ s), the format WebCrypto's ECDSA answers in, as the Signer promises.
    return new Uint8Array(nodeSign(NODE_HASH[key.algorithm], data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }));
  }

  /** {@link sign} as DER ECDSA-Sig-Value, straight from node:crypto. */
  async signDer(label: string, data: Uint8Array): Promise<Uint8Array> {
    const key = await this.#unsealed(label);
    return new Uint8Array(nodeSign(NODE_HASH[key.algorithm], data, { key: key.privateKey, dsaEncoding: 'der' }));
  }

  async signer(label: string): Promise<Signer> {
    const { publicKey, algorithm } = await this.#unsealed(label);
    const sign = (data: Uint8Array) => this.sign(label, data);
    const signDer = (data: Uint8Array) => this.signDer(label, data);
    return Object.freeze({
      label, publicKey, sign, signDer,
      algorithm: Object.freeze({ name: 'ECDSA' as const, namedCurve: algorithm, hash: HASH_FOR_CURVE[algorithm] }),
    });
  }

  /** Unwraps once per label; a failed unwrap is not cached, so a corrected backend can be retried. */
  #unsealed(label: string): Promise<Unsealed> {
    assertKeyLabel(label);
    let pending = this.#open.get(label);
    if (!pending) {
      pending = this.#unwrap(label);
      pending.catch(() => this.#open.delete(label));
      this.#open.set(label, pending);
    }
    return pending;
  }

  async #unwrap(label: string): Promise<Unsealed> {
    const record = await this.#backend.get(label);
    if (!record) throw new KeyNotFound(label);
    checkRecord(label, record);
    const curve = { name: 'ECDSA', namedCurve: record.algorithm };
    let pkcs8: Uint8Array;
    try {
      // wrapKey('pkcs8', …, AES-GCM) is AES-GCM over the PKCS #8 bytes: decrypting gives them back.
      pkcs8 = new Uint8Array(await crypto.subtle.decrypt({
        name: 'AES-GCM', iv: unb64(record.iv), additionalData: additionalData(record), tagLength: 128,
      }, this.#kek, unb64(record.wrapped)));
    } catch (cause) {
      // GCM authentication failure is the only way a wrong KEK shows itself.
      throw new KeyEncryptionKeyWrong(label, { cause });
    }
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey({ key: Buffer.from(pkcs8.buffer, pkcs8.byteOffset, pkcs8.byteLength), format: 'der', type: 'pkcs8' });
    } catch {
      throw new KeyRecordInvalid(label, 'the sealed key is not PKCS #8');
    } finally {
      pkcs8.fill(0);
    }
    if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== NODE_CURVE[record.algorithm]) throw new KeyRecordInvalid(label, 'the sealed key is not on its curve');
    const publicKey = await crypto.subtle.importKey('spki', unb64(record.publicKey), curve, true, ['verify']);
    return { privateKey, publicKey, algorithm: record.algorithm };
  }
}
