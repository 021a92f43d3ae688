// SPDX-License-Identifier: Apache-2.0
import { eq, inArray } from 'drizzle-orm';
import type { Clock, Database } from '@tessera/platform';
import type { CertificateStatus, CertificateStatusSource, RevocationReason } from '../ocsp/certificate-status.ts';
import { toHex } from '../ocsp/issuer-identity.ts';
import { authorities, certificates } from './schema.ts';
import type { StatusChanges } from './status-changes.ts';

interface Lookup {
  keyHash: string;
  serial: string;
  resolve: (status: CertificateStatus) => void;
  reject: (error: unknown) => void;
}

/** Most lookups one register query answers. */
const MAX_BATCH = 256;

/**
 * The certificate register as the OCSP responder sees it. Unlike the Estonian responder of old
 * (DOMAIN.md), an expired certificate is never "good": it is answered as it was at expiry when
 * revoked, else "unknown", so a relying party that forgets to check expiry is still protected.
 *
 * Every answer is read from the register when it is asked for (a nonce asks for a fresh one), but
 * lookups that arrive together share one query: those made in the same turn, and those made
 * while a query is running, are answered by the next one. A busy responder thus costs the
 * database one query per batch rather than one per request.
 */
export function registerStatusSource(db: Database, clock: Clock, changes: StatusChanges): CertificateStatusSource {
  let queue: Lookup[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(MAX_BATCH);
        await answer(batch);
      }
    } finally {
      running = false;
    }
  }

  async function answer(batch: Lookup[]): Promise<void> {
    try {
      const rows = await db.select({
        serial: certificates.serial, keyHash: authorities.keyHash, status: certificates.status, reason: certificates.reason, revokedAt: certificates.revokedAt, notAfter: certificates.notAfter,
      }).from(certificates).innerJoin(authorities, eq(certificates.issuer, authorities.label))
        .where(inArray(certificates.serial, [...new Set(batch.map((l) => l.serial))]));
      const now = clock.now();
      for (const lookup of batch) {
        const row = rows.find((r) => r.serial === lookup.serial && r.keyHash === lookup.keyHash);
        if (!row) lookup.resolve({ kind: 'unknown' });
        else if (row.status === 'revoked') lookup.resolve({ kind: 'revoked', revokedAt: row.revokedAt!, reason: row.reason as RevocationReason });
        else lookup.resolve(row.notAfter < now ? { kind: 'unknown' } : { kind: 'good', notAfter: row.notAfter });
      }
    } catch (error) {
      for (const lookup of batch) lookup.reject(error);
    }
  }

  return {
    status(issuerKeyHash, serialHex): Promise<CertificateStatus> {
      return new Promise((resolve, reject) => {
        queue.push({ keyHash: toHex(issuerKeyHash), serial: serialHex, resolve, reject });
        // the first lookup of a turn starts a query once the turn's other lookups have joined it
        if (!running && queue.length === 1) queueMicrotask(() => void (running || drain()));
      });
    },
    onChange: (listener) => changes.onChange(listener),
  };
}
