// SPDX-License-Identifier: Apache-2.0
import { and, eq, inArray, isNull, isNotNull, or } from 'drizzle-orm';
import { expectRow, ValidationFailed } from '@tessera/platform';
import { recordBenefitEvent, type BenefitsDeps } from './benefits-deps.ts';
import { reevaluatePerson } from './reevaluate-person.ts';
import { householdMembers, lifeEvents, people } from './schema.ts';

export type LifeEventType = 'birth' | 'turned-65' | 'household-change' | 'income-assessment' | 'death';
export const LIFE_EVENT_TYPES: readonly LifeEventType[] = ['birth', 'turned-65', 'household-change', 'income-assessment', 'death'];

const SUBJECT = /^[A-Z]{2}[A-Za-z0-9-]{1,40}$/;

/**
 * A register reports a life event about some people (a birth names the parents and the child).
 * It is only recorded here, with its log event; the people it affects are evaluated afterwards
 * by `processLifeEvents`, so the register's call never waits on other agencies.
 */
export async function recordLifeEvent(deps: Pick<BenefitsDeps, 'db' | 'clock'>, e: { type: LifeEventType; subjects: readonly string[]; reportedBy: string }): Promise<{ id: number }> {
  const issues = e.subjects.flatMap((s, i) => (SUBJECT.test(s) ? [] : [{ code: 'subject', path: `/subjects/${i}`, message: 'Not an identification code with country prefix.' }]));
  if (e.subjects.length === 0 || e.subjects.length > 20) issues.push({ code: 'subjects', path: '/subjects', message: 'Name between 1 and 20 people.' });
  if (issues.length) throw new ValidationFailed(issues);
  return deps.db.transaction(async (tx) => {
    const row = expectRow(await tx.insert(lifeEvents).values({ type: e.type, subjects: [...new Set(e.subjects)], reportedBy: e.reportedBy, at: deps.clock.now() }).returning({ id: lifeEvents.id }));
    // The log names the event and who reported it, not the people (their codes are personal data).
    await recordBenefitEvent(tx, deps.clock, { type: 'life-event.recorded', subject: String(row.id), actor: e.reportedBy, data: { type: e.type, people: e.subjects.length } });
    return { id: row.id };
  });
}

/**
 * Evaluates again only the people a pending life event affects: those it names who opted in,
 * and those whose household (as last seen) includes someone it names. Each event is claimed
 * under a row lock (two processes never both take it) and marked processed with the outcome.
 */
export async function processLifeEvents(deps: BenefitsDeps, o: { max?: number } = {}): Promise<{ events: number; evaluated: number; failed: number }> {
  let events = 0;
  let evaluated = 0;
  let failed = 0;
  for (; events < (o.max ?? 100); events++) {
    const claimed = await deps.db.transaction(async (tx) => {
      const [event] = await tx.select().from(lifeEvents).where(isNull(lifeEvents.processedAt)).orderBy(lifeEvents.id).limit(1).for('update', { skipLocked: true });
      if (!event) return null;
      await tx.update(lifeEvents).set({ processedAt: deps.clock.now() }).where(eq(lifeEvents.id, event.id));
      return event;
    });
    if (!claimed) break;
    const subjects = claimed.subjects as string[];
    const affected = await deps.db.selectDistinct({ subject: people.subject }).from(people).leftJoin(householdMembers, eq(householdMembers.personId, people.id))
      .where(and(isNotNull(people.tier), or(inArray(people.subject, subjects), inArray(householdMembers.memberSubject, subjects))));
    let ok = 0;
    for (const p of affected) {
      try {
        await reevaluatePerson(deps, p.subject, claimed.type);
        ok++;
      } catch {
        // One person's agency being down must not stop the others; the periodic run catches them up.
        failed++;
      }
    }
    evaluated += ok;
    await deps.db.transaction((tx) => recordBenefitEvent(tx, deps.clock, { type: 'life-event.processed', subject: String(claimed.id), actor: 'benefits', data: { evaluated: ok, failed: affected.length - ok } }));
  }
  return { events, evaluated, failed };
}
