// SPDX-License-Identifier: Apache-2.0
import { and, asc, count, eq } from 'drizzle-orm';
import { appendEvent, verifyInclusion, type Clock, type Database } from '@tessera/platform';
import { reportedEntryLeaf, type ExpectedEntry } from '../domain/oversight/centre-log-entry.ts';
import { ReportedEntryMismatch } from '../domain/authority-errors.ts';
import { DEFAULT_CENTRE_SLA } from '../domain/oversight/centre-alerts.ts';
import { centreLogAlerts, centreLogClaims } from './schema.ts';

/** An inclusion proof the centre sends with a tree head, for one entry the authority asked about. */
export interface CentreInclusion {
  /** Hex leaf hash of the entry. */
  leafHash: string;
  index: number;
  /** RFC 9162 §2.1.3 inclusion proof in the head the proof comes with, base64 hashes. */
  proof: readonly string[];
}

/**
 * How long after an action (by the time in its entry) a head of the centre's log must include it
 * by default: a head signed this long after it without a valid proof for it flags the action as
 * missing from the log. Each centre's own is its `inclusionGraceMinutes` service level.
 */
export const INCLUSION_GRACE_MS = DEFAULT_CENTRE_SLA.inclusionGraceMinutes * 60_000;

/** Checks the entry a centre sent with a report and keeps it as a claim to be proven; the same entry again is kept once. */
export async function recordLogClaim(tx: Database, clock: Clock, o: { location: string; action: string; reference: string; entry: unknown; expected: ExpectedEntry }): Promise<void> {
  const leaf = typeof o.entry === 'string' ? reportedEntryLeaf(o.entry, o.expected) : null;
  if (!leaf) throw new ReportedEntryMismatch();
  await tx.insert(centreLogClaims).values({ location: o.location, leafHash: leaf.leafHash, action: o.action, reference: o.reference, at: leaf.at, receivedAt: clock.now(), state: 'pending' })
    .onConflictDoNothing();
}

/**
 * How many pending claims the centre is asked about at a time (oldest first), and so how many a
 * head is judged on: a claim the centre was not asked about yet cannot count as missing from its
 * log (a bulk import leaves hundreds pending at once; the next heads prove the rest).
 */
export const PENDING_CLAIMS_ASKED = 200;

/** The entries of the centre's log the authority still waits to see proven, oldest first. */
export async function pendingLogClaims(db: Database, location: string, limit = PENDING_CLAIMS_ASKED): Promise<string[]> {
  const rows = await db.select({ leafHash: centreLogClaims.leafHash }).from(centreLogClaims)
    .where(and(eq(centreLogClaims.location, location), eq(centreLogClaims.state, 'pending'))).orderBy(asc(centreLogClaims.id)).limit(limit);
  return rows.map((r) => r.leafHash);
}

const hash = (base64: string) => Buffer.from(base64, 'base64');

/**
 * Against a head of the centre's log the authority has accepted, inside that acceptance's
 * transaction: each pending claim with a valid inclusion proof becomes `included`; a proof that
 * does not verify, or no proof for an action older than the grace period at the head's time,
 * makes it `missing` and raises an alert (`inclusion_invalid`, `action_not_in_log`) with a
 * `centre.log_check_failed` event.
 */
export async function checkLogClaims(
  tx: Database, clock: Clock, location: string, head: { size: number; rootHash: string; timestamp: string }, inclusions: readonly CentreInclusion[], graceMs = INCLUSION_GRACE_MS,
): Promise<{ included: number; missing: number }> {
  // The same claims, in the same order, as `pendingLogClaims` asked the centre about.
  const pending = await tx.select().from(centreLogClaims).where(and(eq(centreLogClaims.location, location), eq(centreLogClaims.state, 'pending')))
    .orderBy(asc(centreLogClaims.id)).limit(PENDING_CLAIMS_ASKED).for('update');
  if (pending.length === 0) return { included: 0, missing: 0 };
  const byLeaf = new Map(inclusions.map((i) => [i.leafHash, i]));
  const root = hash(head.rootHash);
  const headTime = new Date(head.timestamp).getTime();
  const included: number[] = [];
  let missing = 0;
  const at = clock.now();
  for (const claim of pending) {
    const inclusion = byLeaf.get(claim.leafHash);
    let failure: 'inclusion_invalid' | 'action_not_in_log' | null = null;
    if (inclusion) {
      const ok = Number.isInteger(inclusion.index) && inclusion.index >= 0 && inclusion.index < head.size
        && verifyInclusion(inclusion.index, head.size, Buffer.from(claim.leafHash, 'hex'), inclusion.proof.map(hash), root);
      if (ok) {
        await tx.update(centreLogClaims).set({ state: 'included', leafIndex: inclusion.index, headSize: head.size }).where(eq(centreLogClaims.id, claim.id));
        included.push(claim.id);
        continue;
      }
      failure = 'inclusion_invalid';
    } else if (headTime - claim.at.getTime() >= graceMs) failure = 'action_not_in_log';
    if (!failure) continue;
    missing++;
    const detail = { action: claim.action, reference: claim.reference, leafHash: claim.leafHash, actionAt: claim.at.toISOString(), size: head.size, rootHash: head.rootHash };
    await tx.update(centreLogClaims).set({ state: 'missing', headSize: head.size }).where(eq(centreLogClaims.id, claim.id));
    await tx.insert(centreLogAlerts).values({ location, at, code: failure, detail });
    await appendEvent(tx, { context: 'authority', type: 'centre.log_check_failed', subject: location, actor: 'system', at, data: { code: failure, ...detail } });
  }
  if (included.length > 0) {
    await appendEvent(tx, { context: 'authority', type: 'centre.log_actions_included', subject: location, actor: 'system', at, data: { size: head.size, rootHash: head.rootHash, count: included.length } });
  }
  return { included: included.length, missing };
}

/** How many of one centre's reported actions are proven in its log, still pending, or missing from it. */
export async function logClaimCounts(db: Database, location: string): Promise<Record<'pending' | 'included' | 'missing', number>> {
  const rows = await db.select({ state: centreLogClaims.state, n: count() }).from(centreLogClaims).where(eq(centreLogClaims.location, location)).groupBy(centreLogClaims.state);
  const counts = { pending: 0, included: 0, missing: 0 };
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}
