// SPDX-License-Identifier: Apache-2.0
import { queryFixedStatement, type Clock, type Database } from '@tessera/platform';
import type { CertificateStatus, CertificateStatusSource, RevocationReason } from '../ocsp/certificate-status.ts';
import { toHex } from '../ocsp/issuer-identity.ts';
import type { StatusChanges } from './status-changes.ts';

interface Lookup {
  keyHash: string;
  serial: string;
  resolve: (status: CertificateStatus) => void;
  reject: (error: unknown) => void;
}

/**
 * The statuses of a batch's serials, read at request time. A fixed statement: prepared once per
 * connection on a server, one simple query on PGlite; the instants come as epoch milliseconds so
 * both drivers read them alike. The serials as a text[] so both the certificate and its
 * authority are index lookups (a set from json_array_elements_text was planned as a hash join
 * over the whole certificates table, and cost PGlite twice the planning).
 */
const READ_STATUSES = {
  name: 'tessera_trust_read_statuses',
  text: `select c.serial, a.key_hash as "keyHash", c.status, c.reason,
      (extract(epoch from c.revoked_at) * 1000)::float8 as "revokedAtMs", (extract(epoch from c.not_after) * 1000)::float8 as "notAfterMs"
    from trust.certificates c join trust.authorities a on c.issuer = a.label
    where c.serial = any($1::text[])`,
};
interface StatusRow { serial: string; keyHash: string; status: string; reason: string | null; revokedAtMs: number | null; notAfterMs: number }

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
      const rows = await queryFixedStatement<StatusRow>(db, READ_STATUSES, [textArray([...new Set(batch.map((l) => l.serial))])]);
      const now = clock.now().getTime();
      for (const lookup of batch) {
        const row = rows.find((r) => r.serial === lookup.serial && r.keyHash === lookup.keyHash);
        if (!row) lookup.resolve({ kind: 'unknown' });
        else if (row.status === 'revoked') lookup.resolve({ kind: 'revoked', revokedAt: new Date(Number(row.revokedAtMs)), reason: row.reason as RevocationReason });
        else lookup.resolve(Number(row.notAfterMs) < now ? { kind: 'unknown' } : { kind: 'good', notAfter: new Date(Number(row.notAfterMs)) });
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

/** A PostgreSQL array literal of text values, each quoted (§8.15.6), so no value can split it. */
const textArray = (values: string[]) => `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
