// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { desc, gt } from 'drizzle-orm';
import type { Database } from '@tessera/platform';
import { gatewaySigning, loadAuthority, type Signer, type TrustDeps } from '@tessera/trust';
import { issuerKeys } from '../schema.ts';

/** The key credentials are signed with, its certificate and the chain up to (not including) the root. */
export interface IssuerIdentity {
  signer: Signer;
  certificate: X509Certificate;
  /** x5c header value (RFC 7515 §4.1.6): base64 DER, the signing certificate first. */
  x5c: string[];
}

const DAY = 86_400_000;
const LIFETIME = 365 * DAY;
const RENEW_BEFORE = 30 * DAY;

/**
 * The issuer's current key and certificate, created on first use and replaced before expiry.
 * The key is P-256 in the trust services' key store, so only signatures leave it; the
 * certificate is a signing certificate from the services CA, whose chain goes in every
 * credential's x5c so a verifier that trusts the Tessera root can check it offline.
 */
export async function issuerIdentity(db: Database, trust: TrustDeps, organisation: { commonName: string; organization: string; country: string }): Promise<IssuerIdentity> {
  const now = trust.clock.now();
  const [current] = await db.select().from(issuerKeys).where(gt(issuerKeys.notAfter, new Date(now.getTime() + RENEW_BEFORE))).orderBy(desc(issuerKeys.notAfter)).limit(1);
  const ca = await loadAuthority(trust.db, trust.keyStore, 'services');
  const chain = [Buffer.from(ca.certificate.rawData).toString('base64')];
  if (current) {
    const certificate = new X509Certificate(new Uint8Array(current.certificate));
    return { signer: await trust.keyStore.signer(current.keyLabel), certificate, x5c: [Buffer.from(certificate.rawData).toString('base64'), ...chain] };
  }
  const keyLabel = `credential-issuer-${now.toISOString().replace(/[-:T.Z]/g, '').slice(0, 17)}`;
  const { publicKey } = await trust.keyStore.generate(keyLabel, 'P-256');
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const certificate = await gatewaySigning(ca, {
    subject: organisation, publicKey, notBefore,
    notAfter: new Date(Math.min(notBefore.getTime() + LIFETIME, ca.certificate.notAfter.getTime())), urls: ca.urls,
  });
  await db.insert(issuerKeys).values({ keyLabel, certificate: Buffer.from(certificate.rawData), notAfter: certificate.notAfter, createdAt: now });
  return { signer: await trust.keyStore.signer(keyLabel), certificate, x5c: [Buffer.from(certificate.rawData).toString('base64'), ...chain] };
}
