// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import type { Clock, Database } from '@tessera/platform';
import type { CertificateStatus, CertificateStatusSource, RevocationReason } from '../ocsp/certificate-status.ts';
import { toHex } from '../ocsp/issuer-identity.ts';
import { authorities, certificates } from './schema.ts';
import type { StatusChanges } from './status-changes.ts';

/**
 * The certificate register as the OCSP responder sees it. Unlike the Estonian responder of old
 * (DOMAIN.md), an expired certificate is never "good": it is answered as it was at expiry when
 * revoked, else "unknown", so a relying party that forgets to check expiry is still protected.
 */
export function registerStatusSource(db: Database, clock: Clock, changes: StatusChanges): CertificateStatusSource {
  return {
    async status(issuerKeyHash, serialHex): Promise<CertificateStatus> {
      const [row] = await db.select({ status: certificates.status, reason: certificates.reason, revokedAt: certificates.revokedAt, notAfter: certificates.notAfter })
        .from(certificates).innerJoin(authorities, eq(certificates.issuer, authorities.label))
        .where(and(eq(certificates.serial, serialHex), eq(authorities.keyHash, toHex(issuerKeyHash))));
      if (!row) return { kind: 'unknown' };
      if (row.status === 'revoked') return { kind: 'revoked', revokedAt: row.revokedAt!, reason: row.reason as RevocationReason };
      return row.notAfter < clock.now() ? { kind: 'unknown' } : { kind: 'good', notAfter: row.notAfter };
    },
    onChange: (listener) => changes.onChange(listener),
  };
}
