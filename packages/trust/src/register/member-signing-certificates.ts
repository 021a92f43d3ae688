// SPDX-License-Identifier: Apache-2.0
import { appendEvents } from '@tessera/platform';
import type { X509Certificate } from '@peculiar/x509';
import { gatewaySigning } from '../ca/certificate-profiles.ts';
import type { OrganisationSubject } from '../ca/subject-names.ts';
import { normalizeSerialHex } from '../ocsp/certificate-status.ts';
import { loadAuthority } from './hierarchy-store.ts';
import { certificates } from './schema.ts';
import type { TrustDeps } from './trust-deps.ts';

export interface MemberSigningRequest {
  /** The member's name as its messages are signed: the common name is its exchange identifier. */
  subject: OrganisationSubject;
  signingPublicKey: CryptoKey;
  validityDays: number;
}

/**
 * Message-signing certificates from the gateway CA for members hosted on a gateway they do not
 * own (X-Road: each security-server client's own signing certificate), the same profile as a
 * gateway's signing certificate. Many at once — a shared gateway hosts a few hundred agencies —
 * recorded in the register (good, so OCSP answers for them) in one transaction, one log event each.
 */
export async function issueMemberSigningCertificates(deps: TrustDeps, requests: readonly MemberSigningRequest[], actor: string): Promise<X509Certificate[]> {
  if (requests.length === 0) return [];
  const ca = await loadAuthority(deps.db, deps.keyStore, 'gateway');
  const now = deps.clock.now();
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const issued: X509Certificate[] = [];
  for (const r of requests) {
    const notAfter = new Date(Math.min(notBefore.getTime() + r.validityDays * 86_400_000, ca.certificate.notAfter.getTime()));
    issued.push(await gatewaySigning(ca, { subject: r.subject, publicKey: r.signingPublicKey, notBefore, notAfter, urls: ca.urls }));
  }
  await deps.db.transaction(async (tx) => {
    await tx.insert(certificates).values(issued.map((c) => ({
      serial: normalizeSerialHex(c.serialNumber), issuer: 'gateway' as const, cardId: null, usage: 'gateway-signing' as const, subject: c.subject,
      notBefore: c.notBefore, notAfter: c.notAfter, der: Buffer.from(c.rawData), status: 'good' as const, updatedAt: now,
    })));
    await appendEvents(tx, issued.map((c, i) => ({ context: 'trust', type: 'member_signing_certificate.issued', subject: requests[i]!.subject.commonName, actor, at: now, data: { serial: normalizeSerialHex(c.serialNumber) } })));
  });
  return issued;
}
