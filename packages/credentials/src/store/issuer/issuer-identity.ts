// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { and, desc, gt, like } from 'drizzle-orm';
import type { Database } from '@tessera/platform';
import { gatewaySigning, loadAuthority, mdocDocumentSigner, type Signer, type StoredAuthority, type TrustDeps } from '@tessera/trust';
import { issuerKeys } from '../schema.ts';

/** One signing key of the issuer, its certificate and the chain up to (not including) the root. */
export interface SigningIdentity {
  signer: Signer;
  certificate: X509Certificate;
  /** x5c header value (RFC 7515 §4.1.6): base64 DER, the signing certificate first. */
  x5c: string[];
}

/** The key SD-JWT VCs and status lists are signed with, and the mdoc document signer beside it. */
export interface IssuerIdentity extends SigningIdentity {
  /** ISO/IEC 18013-5 document signer (Annex B.1.4): signs the MSO of every mdoc; x5c is its x5chain. */
  mdoc: SigningIdentity;
}

type Organisation = { commonName: string; organization: string; country: string };

const DAY = 86_400_000;
const LIFETIME = 365 * DAY;
const RENEW_BEFORE = 30 * DAY;

/** Each kind of key by its label prefix and certificate profile; a key signs for one kind only. */
const KINDS = {
  jose: { prefix: 'credential-issuer-', profile: gatewaySigning },
  mdoc: { prefix: 'mdoc-document-signer-', profile: mdocDocumentSigner },
} as const;

/**
 * The issuer's current keys and certificates, created on first use and replaced before expiry.
 * The keys are P-256 in the trust services' key store, so only signatures leave it; the
 * certificates come from the services CA, whose chain goes in every credential (x5c, x5chain)
 * so a verifier that trusts the Tessera root can check it offline. The mdoc document signer has
 * its own key and a certificate with the ISO 18013-5 document-signer EKU (at most 457 days,
 * Annex B.1.4; a year here).
 */
export async function issuerIdentity(db: Database, trust: TrustDeps, organisation: Organisation): Promise<IssuerIdentity> {
  const ca = await loadAuthority(trust.db, trust.keyStore, 'services');
  const jose = await signingIdentity(db, trust, ca, organisation, 'jose');
  return { ...jose, mdoc: await signingIdentity(db, trust, ca, organisation, 'mdoc') };
}

async function signingIdentity(db: Database, trust: TrustDeps, ca: StoredAuthority, organisation: Organisation, kind: keyof typeof KINDS): Promise<SigningIdentity> {
  const { prefix, profile } = KINDS[kind];
  const now = trust.clock.now();
  const [current] = await db.select().from(issuerKeys)
    .where(and(like(issuerKeys.keyLabel, `${prefix}%`), gt(issuerKeys.notAfter, new Date(now.getTime() + RENEW_BEFORE))))
    .orderBy(desc(issuerKeys.notAfter)).limit(1);
  const chain = [Buffer.from(ca.certificate.rawData).toString('base64')];
  if (current) {
    const certificate = new X509Certificate(new Uint8Array(current.certificate));
    return { signer: await trust.keyStore.signer(current.keyLabel), certificate, x5c: [Buffer.from(certificate.rawData).toString('base64'), ...chain] };
  }
  const keyLabel = `${prefix}${now.toISOString().replace(/[-:T.Z]/g, '').slice(0, 17)}`;
  const { publicKey } = await trust.keyStore.generate(keyLabel, 'P-256');
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const certificate = await profile(ca, {
    subject: organisation, publicKey, notBefore,
    notAfter: new Date(Math.min(notBefore.getTime() + LIFETIME, ca.certificate.notAfter.getTime())), urls: ca.urls,
  });
  await db.insert(issuerKeys).values({ keyLabel, certificate: Buffer.from(certificate.rawData), notAfter: certificate.notAfter, createdAt: now });
  return { signer: await trust.keyStore.signer(keyLabel), certificate, x5c: [Buffer.from(certificate.rawData).toString('base64'), ...chain] };
}
