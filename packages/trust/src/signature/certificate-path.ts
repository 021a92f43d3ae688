// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { BasicConstraintsExtension, X509Certificate } from '@peculiar/x509';
import { sameBytes } from '../ocsp/issuer-identity.ts';

/** What a relying party trusts: the root(s), and the issuing CAs it may meet (as in the CA bundle). */
export interface TrustAnchors {
  roots: X509Certificate[];
  intermediates: X509Certificate[];
  /** The issuing CA(s) of card authentication certificates; card sign-in accepts no other issuer. */
  cardAuthentication?: X509Certificate[];
}

/**
 * Builds and checks the path from a certificate to a trusted root (RFC 5280 §6, reduced to what
 * a two-level hierarchy needs): each certificate signed by the next, each valid at `at`, every
 * issuer a CA. Returns the direct issuer (needed for OCSP), or the reason it failed.
 */
export async function verifyCertificatePath(leaf: X509Certificate, anchors: TrustAnchors, at: Date): Promise<{ ok: true; issuer: X509Certificate } | { ok: false; reason: string }> {
  const pool = [...anchors.intermediates, ...anchors.roots];
  let current = leaf;
  let issuerOfLeaf: X509Certificate | null = null;
  for (let depth = 0; depth < 5; depth++) {
    if (at < current.notBefore || at > current.notAfter) return { ok: false, reason: `${current.subject} is not valid at ${at.toISOString()}.` };
    const isRoot = anchors.roots.some((r) => sameBytes(new Uint8Array(r.rawData), new Uint8Array(current.rawData)));
    if (isRoot) return issuerOfLeaf ? { ok: true, issuer: issuerOfLeaf } : { ok: false, reason: 'A root certificate is not an end-entity certificate.' };
    let issuer: X509Certificate | undefined;
    for (const candidate of pool) {
      if (candidate.subject !== current.issuer) continue;
      if (await current.verify({ publicKey: candidate.publicKey, signatureOnly: true })) {
        issuer = candidate;
        break;
      }
    }
    if (!issuer) return { ok: false, reason: `No trusted issuer signed ${current.subject}.` };
    if (!issuer.getExtension(BasicConstraintsExtension)?.ca) return { ok: false, reason: `${issuer.subject} is not a CA.` };
    issuerOfLeaf ??= issuer;
    current = issuer;
  }
  return { ok: false, reason: 'The certificate path is too long.' };
}
