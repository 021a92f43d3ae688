// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { and, desc, eq, gt } from 'drizzle-orm';
import { ocspResponder, timeStamping } from '../ca/certificate-profiles.ts';
import type { Signer } from '../ca/key-store.ts';
import { loadAuthority, type AuthorityRole } from './hierarchy-store.ts';
import { serviceCertificates } from './schema.ts';
import type { TrustDeps } from './trust-deps.ts';

export interface ServiceIdentity {
  certificate: X509Certificate;
  signer: Signer;
}

const DAY = 86_400_000;
/** Responder certificates are short-lived (they carry ocsp-nocheck, so nothing can revoke them); the TSA's outlives the tokens it signs. */
const LIFETIME = { ocsp: 90 * DAY, tsa: 6 * 365 * DAY } as const;
const RENEW_BEFORE = 14 * DAY;

/**
 * The current key and certificate of an online service, created on first use and replaced
 * when it nears expiry: a delegated OCSP responder per issuing CA, or the time-stamping unit
 * under the services CA. Keys are P-256 in the key store, like every CA key.
 */
export async function serviceIdentity(deps: TrustDeps, purpose: { kind: 'ocsp'; issuer: Exclude<AuthorityRole, 'root'> } | { kind: 'tsa' }, organization = 'Tessera'): Promise<ServiceIdentity> {
  const name = purpose.kind === 'ocsp' ? `ocsp-${purpose.issuer}` : 'tsa';
  const now = deps.clock.now();
  const [current] = await deps.db.select().from(serviceCertificates)
    .where(and(eq(serviceCertificates.purpose, name), gt(serviceCertificates.notAfter, new Date(now.getTime() + RENEW_BEFORE))))
    .orderBy(desc(serviceCertificates.notAfter)).limit(1);
  if (current) return { certificate: new X509Certificate(new Uint8Array(current.certificate)), signer: await deps.keyStore.signer(current.keyLabel) };

  const issuer = await loadAuthority(deps.db, deps.keyStore, purpose.kind === 'ocsp' ? purpose.issuer : 'services');
  const keyLabel = `${name}-${now.toISOString().replace(/[-:T]/g, '').slice(0, 14)}`;
  const { publicKey } = await deps.keyStore.generate(keyLabel, 'P-256');
  // Whole seconds, as certificates carry them, so the validity sits inside the issuer's.
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const input = {
    subject: { commonName: purpose.kind === 'ocsp' ? `${organization} OCSP Responder (${purpose.issuer})` : `${organization} Time-Stamping Unit`, organization, country: 'EE' },
    publicKey,
    notBefore,
    notAfter: new Date(Math.min(notBefore.getTime() + LIFETIME[purpose.kind], issuer.certificate.notAfter.getTime())),
    urls: issuer.urls,
  };
  const certificate = purpose.kind === 'ocsp' ? await ocspResponder(issuer, input) : await timeStamping(issuer, input);
  await deps.db.insert(serviceCertificates).values({ keyLabel, purpose: name, certificate: Buffer.from(certificate.rawData), notAfter: certificate.notAfter, createdAt: now });
  return { certificate, signer: await deps.keyStore.signer(keyLabel) };
}
