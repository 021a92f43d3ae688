// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { and, desc, gt, like } from 'drizzle-orm';
import { whileLocked, type Clock, type Database, type Storage } from '@tessera/platform';
import type { ServiceCertification, ServiceProfile, Signer } from '@tessera/trust';
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
const RENEW_BEFORE = 30 * DAY;

/** Each kind of key by its label prefix and certificate profile; a key signs for one kind only. */
const KINDS: Record<'jose' | 'mdoc', { prefix: string; profile: ServiceProfile }> = {
  jose: { prefix: 'credential-issuer-', profile: 'credential-issuer' },
  mdoc: { prefix: 'mdoc-document-signer-', profile: 'mdoc-document-signer' },
};

/**
 * The issuer's current keys and certificates, created on first use and replaced before expiry.
 * The keys are P-256 in the issuer's key store (`pki.keyStore`), so only signatures leave it;
 * the certificates come from the trust services' services CA (`pki.certify`: in this process,
 * or by a certification request over the wire), whose chain goes in every credential (x5c,
 * x5chain) so a verifier that trusts the Tessera root can check it offline. The mdoc document
 * signer has its own key and a certificate with the ISO 18013-5 document-signer EKU (at most 457
 * days, Annex B.1.4; a year here).
 *
 * Processes of the issuer starting together on an empty database look for and make the keys one
 * after another, under one advisory lock: the later ones find the first one's keys, so the
 * issuer has one key of each kind, not one per process.
 */
export async function issuerIdentity(storage: Pick<Storage, 'db' | 'kind'>, pki: ServiceCertification, clock: Clock, organisation: Organisation): Promise<IssuerIdentity> {
  const chain = (await pki.chain()).map((c) => Buffer.from(c.rawData).toString('base64'));
  return whileLocked(storage, 'credentials:issuer-identity', async () => {
    const jose = await signingIdentity(storage.db, pki, clock, chain, organisation, 'jose');
    return { ...jose, mdoc: await signingIdentity(storage.db, pki, clock, chain, organisation, 'mdoc') };
  });
}

async function signingIdentity(db: Database, pki: ServiceCertification, clock: Clock, chain: string[], organisation: Organisation, kind: keyof typeof KINDS): Promise<SigningIdentity> {
  const { prefix, profile } = KINDS[kind];
  const now = clock.now();
  const [current] = await db.select().from(issuerKeys)
    .where(and(like(issuerKeys.keyLabel, `${prefix}%`), gt(issuerKeys.notAfter, new Date(now.getTime() + RENEW_BEFORE))))
    .orderBy(desc(issuerKeys.notAfter)).limit(1);
  // A key kept in another key store (the trust services' before the issuer had its own) is replaced.
  if (current && await pki.keyStore.has(current.keyLabel)) {
    const certificate = new X509Certificate(new Uint8Array(current.certificate));
    return { signer: await pki.keyStore.signer(current.keyLabel), certificate, x5c: [Buffer.from(certificate.rawData).toString('base64'), ...chain] };
  }
  const keyLabel = `${prefix}${now.toISOString().replace(/[-:T.Z]/g, '').slice(0, 17)}`;
  await pki.keyStore.generate(keyLabel, 'P-256');
  const { certificate } = await pki.certify(profile, keyLabel, organisation);
  await db.insert(issuerKeys).values({ keyLabel, certificate: Buffer.from(certificate.rawData), notAfter: certificate.notAfter, createdAt: now });
  return { signer: await pki.keyStore.signer(keyLabel), certificate, x5c: [Buffer.from(certificate.rawData).toString('base64'), ...chain] };
}
