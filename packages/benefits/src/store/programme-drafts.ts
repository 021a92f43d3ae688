// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import type { Database } from '@tessera/platform';
import { checkDraft, type DraftChange } from '../domain/proactive/programme-draft.ts';
import type { Programme } from '../domain/engine/types.ts';
import { recordBenefitEvent, type BenefitsDeps } from './benefits-deps.ts';
import { programmeDrafts } from './schema.ts';

/**
 * Saves the policy author's draft of a programme: new values for some of its parameters, each
 * from a date with its legal source, checked against the published programme (the parameter is
 * the programme's and a number; the rules still compile with it). One transaction with the log
 * event `programme.draft-saved`; a later draft of the same programme replaces it.
 */
export async function saveProgrammeDraft(deps: Pick<BenefitsDeps, 'db' | 'clock'>, o: { programme: Programme; period: string; author: string; changes: readonly DraftChange[] }): Promise<void> {
  const changes = checkDraft(o.programme, o.period, o.changes);
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const row = { changes, period: o.period, author: o.author, updatedAt: now };
    await tx.insert(programmeDrafts).values({ programme: o.programme.id, ...row }).onConflictDoUpdate({ target: programmeDrafts.programme, set: row });
    await recordBenefitEvent(tx, deps.clock, { type: 'programme.draft-saved', subject: o.programme.id, actor: o.author, data: { period: o.period, parameters: changes.map((c) => c.parameter) } });
  });
}

/** Drops the draft, with its log event; the published programme is what remains. */
export async function discardProgrammeDraft(deps: Pick<BenefitsDeps, 'db' | 'clock'>, o: { programme: string; author: string }): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const removed = await tx.delete(programmeDrafts).where(eq(programmeDrafts.programme, o.programme)).returning({ programme: programmeDrafts.programme });
    if (removed.length) await recordBenefitEvent(tx, deps.clock, { type: 'programme.draft-discarded', subject: o.programme, actor: o.author });
    return removed.length > 0;
  });
}

/** The programme's saved draft, if any. */
export async function programmeDraft(db: Database, programme: string): Promise<{ changes: DraftChange[]; period: string; author: string; updatedAt: Date } | null> {
  const [row] = await db.select().from(programmeDrafts).where(eq(programmeDrafts.programme, programme));
  return row ? { changes: row.changes, period: row.period, author: row.author, updatedAt: row.updatedAt } : null;
}
