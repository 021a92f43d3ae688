// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { asc, gt, isNotNull, and } from 'drizzle-orm';
import { recordBenefitEvent, type BenefitsDeps } from './benefits-deps.ts';
import { reevaluatePerson } from './reevaluate-person.ts';
import { people } from './schema.ts';

export interface PeriodicRunReport {
  readonly runId: string;
  readonly evaluated: number;
  readonly failed: number;
  /** How many programme answers became eligible, and stopped being eligible, by programme id. */
  readonly became: Readonly<Record<string, number>>;
  readonly stopped: Readonly<Record<string, number>>;
}

/**
 * The periodic run: everyone who opted in is evaluated again (a birthday such as turning 65, a
 * new month's parameters, or data the agencies changed shows up here), in pages by subject, and
 * the run reports who became and who stopped being eligible; the report is in the public log.
 */
export async function runPeriodicEvaluation(deps: BenefitsDeps, o: { pageSize?: number } = {}): Promise<PeriodicRunReport> {
  const runId = randomUUID();
  const became: Record<string, number> = {};
  const stopped: Record<string, number> = {};
  let evaluated = 0;
  let failed = 0;
  let after = '';
  for (;;) {
    const batch = await deps.db.select({ subject: people.subject }).from(people).where(and(isNotNull(people.tier), gt(people.subject, after))).orderBy(asc(people.subject)).limit(o.pageSize ?? 200);
    if (batch.length === 0) break;
    for (const { subject } of batch) {
      try {
        const r = await reevaluatePerson(deps, subject, 'periodic');
        evaluated++;
        for (const k of r.became) became[k.slice(0, k.indexOf('/'))] = (became[k.slice(0, k.indexOf('/'))] ?? 0) + 1;
        for (const k of r.stopped) stopped[k.slice(0, k.indexOf('/'))] = (stopped[k.slice(0, k.indexOf('/'))] ?? 0) + 1;
      } catch {
        failed++;
      }
    }
    after = batch.at(-1)!.subject;
  }
  await deps.db.transaction((tx) => recordBenefitEvent(tx, deps.clock, { type: 'periodic-run.completed', subject: runId, actor: 'benefits', data: { evaluated, failed, became, stopped } }));
  return { runId, evaluated, failed, became, stopped };
}
