// SPDX-License-Identifier: Apache-2.0
// The one certificate path validator of Tessera (RFC 5280 §6, as far as this PKI uses it).
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { createHash, X509Certificate as NativeCertificate, type KeyObject } from 'node:crypto';
import { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, X509Certificate } from '@peculiar/x509';

/** What a relying party trusts: the root(s), and the issuing CAs it may meet (as in the CA bundle). */
export interface TrustAnchors {
  /** Trusted outright: a path ends at one of these (a root, or a certificate pinned directly). */
  roots: X509Certificate[];
  /** May complete a path, but are trusted only through a root. */
  intermediates: X509Certificate[];
  /** The issuing CA(s) of card authentication certificates; card sign-in accepts no other issuer. */
  cardAuthentication?: X509Certificate[];
}

export interface PathOptions {
  /** The instant every certificate on the path must be valid at. */
  at: Date;
  /** Further certificates that may complete the path (a token's or signature's own); never trusted by themselves. */
  untrusted?: X509Certificate[];
  /** When given, the leaf's direct issuer must be exactly one of these (e.g. the gateway issuing CA). */
  issuers?: X509Certificate[];
  /** Accept a leaf that is itself a trusted certificate (a TSA certificate pinned directly). */
  leafMayBeAnchor?: boolean;
}

export type CertificatePath =
  | {
    ok: true;
    leaf: X509Certificate;
    /** The leaf's direct issuer: what OCSP asks about it with. */
    issuer: X509Certificate;
    /** Leaf first, trusted certificate last. */
    path: X509Certificate[];
    /** The leaf's public key as node:crypto holds it, for verifying on the hot path. */
    publicKey: KeyObject;
    /** SHA-256 of the leaf's DER, hex. */
    fingerprint: string;
    /** The window within which every certificate on the path is valid. */
    notBefore: Date;
    notAfter: Date;
  }
  | { ok: false; reason: string };

const MAX_PATH = 8;
const native = new WeakMap<X509Certificate, NativeCertificate>();
const fingerprints = new WeakMap<X509Certificate, string>();

/** node:crypto's parse of a certificate, kept beside the @peculiar/x509 object it came from. */
export function nativeOf(certificate: X509Certificate): NativeCertificate {
  let parsed = native.get(certificate);
  if (!parsed) {
    parsed = new NativeCertificate(new Uint8Array(certificate.rawData));
    native.set(certificate, parsed);
  }
  return parsed;
}

/** SHA-256 of the certificate's DER, hex: how the exchange and the caches name a certificate. */
export function fingerprintOf(certificate: X509Certificate): string {
  let fingerprint = fingerprints.get(certificate);
  if (!fingerprint) {
    fingerprint = createHash('sha256').update(new Uint8Array(certificate.rawData)).digest('hex');
    fingerprints.set(certificate, fingerprint);
  }
  return fingerprint;
}

const validAt = (c: X509Certificate, at: Date) => c.notBefore.getTime() <= at.getTime() && at.getTime() <= c.notAfter.getTime();

/** A CA that may sign certificates: basicConstraints cA, and keyCertSign when key usage is stated. */
function caProblem(candidate: X509Certificate, below: number): string | undefined {
  const constraints = candidate.getExtension(BasicConstraintsExtension);
  if (!constraints?.ca) return `${candidate.subject} is not a CA.`;
  if (constraints.pathLength !== undefined && below > constraints.pathLength) return `${candidate.subject} may not issue this deep a path.`;
  const usage = candidate.getExtension(KeyUsagesExtension);
  if (usage && (usage.usages & KeyUsageFlags.keyCertSign) === 0) return `${candidate.subject} may not sign certificates.`;
  return undefined;
}

function signedBy(child: X509Certificate, issuer: X509Certificate): boolean {
  const c = nativeOf(child);
  const i = nativeOf(issuer);
  try {
    return c.checkIssued(i) && c.verify(i.publicKey);
  } catch {
    return false;
  }
}

/**
 * Builds and checks a path from `leaf` to a trusted certificate: each certificate signed by the
 * next (native signature check), each valid at `at`, every issuer a CA allowed to sign at that
 * depth, the trusted end matched by its exact bytes, not its name. Backtracks over candidate
 * issuers, so a look-alike issuer name in the pool gets nowhere. Revocation is the caller's:
 * it holds the issuer OCSP needs. Never throws for bad certificates.
 */
export function validateCertificatePath(leaf: X509Certificate, anchors: TrustAnchors, o: PathOptions): CertificatePath {
  const trusted = new Set(anchors.roots.map(fingerprintOf));
  const pool = [...anchors.intermediates, ...(o.untrusted ?? []), ...anchors.roots];
  const issuers = o.issuers ? new Set(o.issuers.map(fingerprintOf)) : undefined;
  if (!validAt(leaf, o.at)) return { ok: false, reason: `${leaf.subject} is not valid at ${o.at.toISOString()}.` };
  if (trusted.has(fingerprintOf(leaf))) {
    if (!o.leafMayBeAnchor) return { ok: false, reason: 'A trusted CA certificate is not an end-entity certificate.' };
    return done([leaf]);
  }
  let lastProblem = `No trusted issuer signed ${leaf.subject}.`;
  const extend = (path: X509Certificate[]): X509Certificate[] | undefined => {
    const current = path[path.length - 1] as X509Certificate;
    if (path.length > MAX_PATH) {
      lastProblem = 'The certificate path is too long.';
      return undefined;
    }
    for (const candidate of pool) {
      if (candidate.subject !== current.issuer) continue;
      if (path.length === 1 && issuers && !issuers.has(fingerprintOf(candidate))) {
        lastProblem = `${leaf.subject} is not issued by an accepted issuing CA.`;
        continue;
      }
      const id = fingerprintOf(candidate);
      if (path.some((seen) => fingerprintOf(seen) === id)) continue;
      if (!signedBy(current, candidate)) continue;
      // intermediates below this issuer (the leaf does not count, RFC 5280 §4.2.1.9)
      const problem = caProblem(candidate, path.length - 1) ?? (validAt(candidate, o.at) ? undefined : `${candidate.subject} is not valid at ${o.at.toISOString()}.`);
      if (problem) {
        lastProblem = problem;
        continue;
      }
      if (trusted.has(id)) return [...path, candidate];
      const longer = extend([...path, candidate]);
      if (longer) return longer;
    }
    return undefined;
  };
  const path = extend([leaf]);
  return path ? done(path) : { ok: false, reason: lastProblem };

  function done(path: X509Certificate[]): CertificatePath {
    return {
      ok: true, leaf, issuer: path[1] ?? leaf, path, publicKey: nativeOf(leaf).publicKey, fingerprint: fingerprintOf(leaf),
      notBefore: new Date(Math.max(...path.map((c) => c.notBefore.getTime()))),
      notAfter: new Date(Math.min(...path.map((c) => c.notAfter.getTime()))),
    };
  }
}
