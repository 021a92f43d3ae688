// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import { appendEvents, runFixedStatement, type Clock, type Database } from '@tessera/platform';
import type { CredentialFormat, CredentialType } from '../../domain/types/credential-type.ts';
import { statusEntryReserve, type StatusEntry } from '../status/reserve-status-entries.ts';
import { allocateStatusEntries } from '../status/status-lists.ts';

/** One issuance ready to be written: checked, its claims in hand, its signer chosen. */
export interface PendingIssuance {
  type: CredentialType;
  format: CredentialFormat;
  holder: string;
  documentRef: string | null;
  keys: JWK[];
  issuedAt: Date;
  expiresAt: Date;
  /** Signs one credential for one key with its status list entry. */
  produce(key: JWK, status: { list: number; index: number }): Promise<string>;
  inTransaction?(tx: Database): Promise<void>;
}

export interface WrittenIssuance {
  credentials: string[];
  notificationId: string;
  ids: string[];
}

const INSERT_ISSUED = {
  name: 'tessera_credentials_insert_issued',
  text: `insert into credentials.issued_credentials (id, type_id, type_version, format, holder, document_ref, status_list, status_index, notification_id, issued_at, expires_at)
    select id, type_id, type_version, format, holder, document_ref, status_list, status_index, notification_id, issued_at, expires_at
    from json_to_recordset($1::json) as r(id uuid, type_id text, type_version integer, format text, holder text, document_ref text, status_list integer, status_index integer, notification_id text, issued_at timestamptz, expires_at timestamptz)`,
};

const credentialsOf = (jobs: readonly PendingIssuance[]) => jobs.reduce((n, j) => n + j.keys.length, 0);

/**
 * Writes issuances in one transaction: their status entries (`reserved` ones, else one locked
 * allocation for all of them), their credentials signed with those entries, one multi-row insert
 * of the records and one of their transparency-log events (one per issuance, as before). All or
 * none.
 */
export async function writeIssuances(deps: { db: Database; clock: Clock; statusListSize?: number }, jobs: readonly PendingIssuance[], reserved?: readonly StatusEntry[]): Promise<WrittenIssuance[]> {
  if (reserved && reserved.length !== credentialsOf(jobs)) throw new RangeError(`${credentialsOf(jobs)} credentials, ${reserved.length} status entries`);
  return deps.db.transaction(async (tx) => {
    const entries = reserved ?? await allocateStatusEntries(tx, deps.clock, credentialsOf(jobs), deps.statusListSize);
    let next = 0;
    const planned = jobs.map((job) => {
      const mine = entries.slice(next, next += job.keys.length);
      return { job, entries: mine, ids: job.keys.map(() => randomUUID()), notificationId: randomUUID() };
    });
    const signed = await Promise.all(planned.map((p) => Promise.all(p.job.keys.map((key, i) => p.job.produce(key, p.entries[i]!)))));
    // The rows as one JSON value: one literal on PGlite's cheapest path, whatever the group's size.
    await runFixedStatement(tx, INSERT_ISSUED, [JSON.stringify(planned.flatMap((p) => p.ids.map((id, i) => ({
      id, type_id: p.job.type.id, type_version: p.job.type.version, format: p.job.format, holder: p.job.holder, document_ref: p.job.documentRef,
      status_list: p.entries[i]!.list, status_index: p.entries[i]!.index, notification_id: p.notificationId, issued_at: p.job.issuedAt.toISOString(), expires_at: p.job.expiresAt.toISOString(),
    }))))]);
    for (const p of planned) await p.job.inTransaction?.(tx);
    await appendEvents(tx, planned.map((p) => ({
      context: 'credentials', type: 'credentials.issued', subject: p.notificationId, actor: 'issuer', at: p.job.issuedAt,
      data: { type: p.job.type.id, version: p.job.type.version, format: p.job.format, count: p.ids.length },
    })));
    return planned.map((p, i) => ({ credentials: signed[i]!, notificationId: p.notificationId, ids: p.ids }));
  });
}

/**
 * Group commit for issuance: requests that arrive in the same turn of the event loop, or while a
 * transaction is being written, are written together in the next one (at most
 * `maxCredentials`), so under load the transaction and the log insert are paid once per group
 * rather than per request. Status entries come from the process's reserve (reserve-status-entries.ts),
 * so no issuance transaction locks a status list. When a group's transaction fails, each of its
 * issuances is tried alone, so one request's fault is never another's.
 */
export function issuanceWriter(deps: { db: Database; clock: Clock; statusListSize?: number }, options: { maxCredentials?: number; reservation?: number } = {}) {
  const max = options.maxCredentials ?? 256;
  const entries = statusEntryReserve(deps, options);
  const queue: Array<{ job: PendingIssuance; resolve(w: WrittenIssuance): void; reject(e: unknown): void }> = [];
  let writing = false;
  const write = async (jobs: PendingIssuance[]) => writeIssuances(deps, jobs, await entries.take(credentialsOf(jobs)));
  const drain = async () => {
    while (queue.length > 0) {
      let count = 0;
      const take = queue.findIndex((q) => (count += q.job.keys.length) > max);
      const group = queue.splice(0, take === -1 ? queue.length : Math.max(take, 1));
      try {
        const written = await write(group.map((g) => g.job));
        group.forEach((g, i) => g.resolve(written[i]!));
      } catch (error) {
        if (group.length === 1) group[0]!.reject(error);
        else for (const g of group) await write([g.job]).then(([w]) => g.resolve(w!), g.reject);
      }
    }
    writing = false;
  };
  return {
    write(job: PendingIssuance): Promise<WrittenIssuance> {
      return new Promise((resolve, reject) => {
        queue.push({ job, resolve, reject });
        if (writing) return;
        writing = true;
        // Requests finishing their checks in this turn join the first one's transaction.
        queueMicrotask(() => void drain());
      });
    },
    /** Issuances waiting for the next transaction (for tests and metrics). */
    get waiting() { return queue.length; },
  };
}

export type IssuanceWriter = ReturnType<typeof issuanceWriter>;
