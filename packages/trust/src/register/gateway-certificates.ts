// SPDX-License-Identifier: Apache-2.0
import { appendEvent } from '@tessera/platform';
import { eq } from 'drizzle-orm';
import type { X509Certificate } from '@peculiar/x509';
import { gatewaySigning, gatewayTls } from '../ca/certificate-profiles.ts';
import type { OrganisationSubject } from '../ca/subject-names.ts';
import type { RevocationReason } from '../ocsp/certificate-status.ts';
import { normalizeSerialHex } from '../ocsp/certificate-status.ts';
import { CardNotFound } from '../trust-errors.ts';
import { loadAuthority } from './hierarchy-store.ts';
import { certificates } from './schema.ts';
import { StatusChanges } from './status-changes.ts';
import type { TrustDeps } from './trust-deps.ts';

export interface GatewayCertificateRequest {
  subject: OrganisationSubject;
  /** Host names the gateway serves TLS under. */
  dnsNames: string[];
  tlsPublicKey: CryptoKey;
  signingPublicKey: CryptoKey;
  validityDays: number;
}

/**
 * Certificates of an exchange gateway from the gateway CA: one for mutual TLS between gateways,
 * one for signing messages. Recorded in the register (good), so OCSP answers for them and the
 * exchange operator can revoke them.
 */
export async function issueGatewayCertificates(deps: TrustDeps, request: GatewayCertificateRequest, actor: string): Promise<{ tls: X509Certificate; signing: X509Certificate }> {
  const ca = await loadAuthority(deps.db, deps.keyStore, 'gateway');
  const now = deps.clock.now();
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const notAfter = new Date(Math.min(notBefore.getTime() + request.validityDays * 86_400_000, ca.certificate.notAfter.getTime()));
  const tls = await gatewayTls(ca, { subject: request.subject, dnsNames: request.dnsNames, publicKey: request.tlsPublicKey, notBefore, notAfter, urls: ca.urls });
  const signing = await gatewaySigning(ca, { subject: request.subject, publicKey: request.signingPublicKey, notBefore, notAfter, urls: ca.urls });
  await deps.db.transaction(async (tx) => {
    for (const [usage, certificate] of [['gateway-tls', tls], ['gateway-signing', signing]] as const) {
      await tx.insert(certificates).values({
        serial: normalizeSerialHex(certificate.serialNumber), issuer: 'gateway', cardId: null, usage, subject: certificate.subject,
        notBefore: certificate.notBefore, notAfter: certificate.notAfter, der: Buffer.from(certificate.rawData), status: 'good', updatedAt: now,
      });
    }
    await appendEvent(tx, { context: 'trust', type: 'gateway_certificates.issued', subject: request.subject.commonName, actor, at: now, data: { serials: [tls.serialNumber, signing.serialNumber].map(normalizeSerialHex) } });
  });
  return { tls, signing };
}

/** Revokes one certificate that belongs to no card (a gateway's), e.g. after a key compromise. */
export async function revokeCertificate(deps: TrustDeps, serialHex: string, reason: RevocationReason, actor: string): Promise<void> {
  const serial = normalizeSerialHex(serialHex);
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select({ cardId: certificates.cardId }).from(certificates).where(eq(certificates.serial, serial)).for('update');
    if (!row || row.cardId) throw new CardNotFound();
    const now = deps.clock.now();
    await tx.update(certificates).set({ status: 'revoked', reason, revokedAt: now, updatedAt: now }).where(eq(certificates.serial, serial));
    await appendEvent(tx, { context: 'trust', type: 'certificate.revoked', subject: serial, actor, at: now, data: { reason } });
    await StatusChanges.announce(tx, [serial]);
  });
  deps.statusChanges.notify([serial]);
}
