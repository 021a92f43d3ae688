// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { X509Certificate } from '@peculiar/x509';
import { fingerprintOf, validateCertificatePath, type CertificatePath, type PathOptions, type TrustAnchors } from './validate-certificate-path.ts';

type ValidPath = Extract<CertificatePath, { ok: true }>;

/**
 * `validateCertificatePath` done once per certificate set: a validated path is kept, keyed by the
 * fingerprints of the leaf and of every certificate that could change the answer, and reused for
 * any instant inside the window where all of its certificates are valid; outside it the path is
 * validated afresh (and then fails with the real reason). Bounded, least recently used first out.
 * Failures are never kept. Revocation is not part of a path: callers still ask OCSP (through their
 * OCSP cache) on every use, so a revoked certificate is refused however long its path is cached.
 */
export class CertificatePathCache {
  readonly #max: number;
  readonly #paths = new Map<string, ValidPath>();
  /** Leaf DER (as given on the wire) → parsed certificate, so a hot path parses each signer once. */
  readonly #parsed = new Map<string, X509Certificate>();
  readonly #setKeys = new WeakMap<object, string>();

  constructor(o: { maxEntries?: number } = {}) {
    this.#max = o.maxEntries ?? 1024;
  }

  /** The leaf as `x5c` or a TLS handshake carries it (DER, or its base64), parsed at most once while cached. */
  certificate(der: Uint8Array | string): X509Certificate {
    const key = typeof der === 'string' ? der : Buffer.from(der).toString('base64');
    let certificate = this.#parsed.get(key);
    if (!certificate) {
      certificate = new X509Certificate(typeof der === 'string' ? new Uint8Array(Buffer.from(der, 'base64')) : new Uint8Array(der));
      remember(this.#parsed, key, certificate, this.#max);
    } else touch(this.#parsed, key, certificate);
    return certificate;
  }

  validate(leaf: X509Certificate, anchors: TrustAnchors, o: PathOptions): CertificatePath {
    const key = [fingerprintOf(leaf), this.#setKey(anchors), setKey(o.untrusted), o.issuers ? setKey(o.issuers) : '*', o.leafMayBeAnchor ? 'pinned' : ''].join('|');
    const cached = this.#paths.get(key);
    const at = o.at.getTime();
    if (cached && cached.notBefore.getTime() <= at && at <= cached.notAfter.getTime()) {
      touch(this.#paths, key, cached);
      return cached;
    }
    const result = validateCertificatePath(leaf, anchors, o);
    if (result.ok) remember(this.#paths, key, result, this.#max);
    else this.#paths.delete(key);
    return result;
  }

  get size(): number {
    return this.#paths.size;
  }

  /** Anchors objects are long-lived (one per configuration), so their key is computed once. */
  #setKey(anchors: TrustAnchors): string {
    let key = this.#setKeys.get(anchors);
    if (!key) {
      key = `${setKey(anchors.roots)}/${setKey(anchors.intermediates)}`;
      this.#setKeys.set(anchors, key);
    }
    return key;
  }
}

function setKey(certificates: X509Certificate[] | undefined): string {
  if (!certificates || certificates.length === 0) return '';
  return createHash('sha256').update(certificates.map(fingerprintOf).sort().join(',')).digest('base64');
}

function touch<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
}

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) break;
    map.delete(oldest.value);
  }
}
