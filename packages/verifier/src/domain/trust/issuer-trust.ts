// SPDX-License-Identifier: Apache-2.0
import type { KeyObject } from 'node:crypto';
import type { X509Certificate } from '@peculiar/x509';
import type { CertificatePathCache, TrustAnchors } from '@tessera/trust';
import { EKU } from '@tessera/trust';
import { refuse } from '../verifier-errors.ts';

/** One entry of the trusted issuer list: an issuer identifier and the certificate subject it signs with. */
export interface TrustedIssuer {
  /** `iss` of its credentials (the credential issuer identifier), compared exactly. */
  iss: string;
  /** The exact subject DN of its signing certificates (they are renewed; the subject stays). */
  subject: string;
  name: string;
}

/** What a verifier trusts issuers through: the Tessera PKI and the issuer list. */
export interface IssuerTrust {
  anchors: TrustAnchors;
  /** The CAs that issue credential-issuer certificates; a path through any other CA is refused. */
  issuingCas: X509Certificate[];
  issuers: TrustedIssuer[];
  paths: CertificatePathCache;
}

/**
 * The public key a credential (or its status list) must be signed with: the `x5c` leaf, when
 * its path ends at a Tessera root through an accepted issuing CA, it is valid at `at`, and its
 * subject is the one the issuer list names for `iss`. Anything else is ERR_ISSUER_UNTRUSTED.
 */
export function trustedIssuerKey(trust: IssuerTrust, x5c: unknown, iss: unknown, at: Date): { key: KeyObject; issuer: TrustedIssuer } {
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => typeof c === 'string')) return refuse('ERR_ISSUER_UNTRUSTED', 'The credential carries no x5c chain.');
  const listed = trust.issuers.find((i) => i.iss === iss);
  if (!listed) return refuse('ERR_ISSUER_UNTRUSTED');
  const { leaf, publicKey } = validatedLeaf(trust, x5c, at, 'x5c chain');
  if (leaf.subject !== listed.subject) return refuse('ERR_ISSUER_UNTRUSTED', 'The signing certificate is not the listed issuer’s.');
  return { key: publicKey, issuer: listed };
}

/**
 * The leaf of a credential's certificate chain (leaf first) and its key, when the chain parses
 * and the leaf's path ends at a Tessera root through an accepted issuing CA, valid at `at`;
 * otherwise ERR_ISSUER_UNTRUSTED. `name` is what the format calls the chain, for the message.
 */
function validatedLeaf(trust: IssuerTrust, chain: ReadonlyArray<string | Uint8Array>, at: Date, name: string): { leaf: X509Certificate; publicKey: KeyObject } {
  let certificates: X509Certificate[];
  try {
    certificates = chain.map((c) => trust.paths.certificate(c));
  } catch {
    return refuse('ERR_ISSUER_UNTRUSTED', `The ${name} cannot be parsed.`);
  }
  const [leaf, ...untrusted] = certificates;
  if (!leaf) return refuse('ERR_ISSUER_UNTRUSTED', `The credential carries no ${name}.`);
  const path = trust.paths.validate(leaf, trust.anchors, { at, untrusted, issuers: trust.issuingCas });
  if (!path.ok) return refuse('ERR_ISSUER_UNTRUSTED', path.reason);
  return { leaf, publicKey: path.publicKey };
}

/**
 * The public key an mdoc's MSO must be signed with (ISO/IEC 18013-5 §9.1.2.4, Annex B): the
 * x5chain leaf, when its path ends at a Tessera root through an accepted issuing CA, it is valid at
 * `at`, it is a document signer certificate (id-mdl-kp-mdlDS, so no other Tessera key can sign an
 * mdoc), and its exact subject is one the issuer list names. Anything else is ERR_ISSUER_UNTRUSTED.
 */
export function trustedMdocSignerKey(trust: IssuerTrust, x5chain: Uint8Array[], at: Date): { key: KeyObject; issuer: TrustedIssuer; certificate: X509Certificate } {
  if (x5chain.length === 0) return refuse('ERR_ISSUER_UNTRUSTED', 'The mdoc carries no x5chain.');
  const { leaf, publicKey } = validatedLeaf(trust, x5chain, at, 'x5chain');
  const usages = (leaf.getExtension('2.5.29.37') as unknown as { usages?: Iterable<string> } | null)?.usages;
  if (!usages || ![...usages].includes(EKU.mdocDocumentSigner)) return refuse('ERR_ISSUER_UNTRUSTED', 'The signing certificate is not an mdoc document signer certificate.');
  const listed = trust.issuers.find((i) => i.subject === leaf.subject);
  if (!listed) return refuse('ERR_ISSUER_UNTRUSTED', 'The document signer is not the listed issuer’s.');
  return { key: publicKey, issuer: listed, certificate: leaf };
}
