// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { appendEvent, NotFound, ValidationFailed, type Clock, type Database, type ValidationIssue } from '@tessera/platform';
import { CENTRE_SLA_LIMITS, centreSlaOf, type CentreSla } from '../domain/oversight/centre-alerts.ts';
import { partnerCentres } from './schema.ts';

/**
 * The overseer sets a centre's service levels (any value left out keeps its default): each a
 * whole number within `CENTRE_SLA_LIMITS`, else nothing changes and every bad value is named.
 * One transaction with a `centre.sla_changed` event holding the values before and after; the
 * dashboard's alerts and the inclusion check of the centre's log use them from the commit on.
 */
export async function setCentreSla(deps: { db: Database; clock: Clock }, location: string, values: Readonly<Partial<Record<keyof CentreSla, unknown>>>, actor: string): Promise<{ sla: CentreSla; changed: boolean }> {
  const issues: ValidationIssue[] = [];
  const set: Partial<Record<keyof CentreSla, number>> = {};
  for (const [key, value] of Object.entries(values) as Array<[keyof CentreSla, unknown]>) {
    const limits = CENTRE_SLA_LIMITS[key];
    if (!limits) issues.push({ code: 'unknown', path: `/${key}`, message: 'No such service level.' });
    else if (typeof value !== 'number' || !Number.isInteger(value) || value < limits.minimum || value > limits.maximum) {
      issues.push({ code: 'range', path: `/${key}`, message: `A whole number from ${limits.minimum} to ${limits.maximum}.` });
    } else set[key] = value;
  }
  if (issues.length > 0) throw new ValidationFailed(issues);
  return deps.db.transaction(async (tx) => {
    const [centre] = await tx.select().from(partnerCentres).where(eq(partnerCentres.location, location)).for('update');
    if (!centre) throw new NotFound('No partner centre has this code.');
    const before = centreSlaOf(centre.sla);
    const sla = centreSlaOf(set);
    if (JSON.stringify(before) === JSON.stringify(sla)) return { sla, changed: false };
    await tx.update(partnerCentres).set({ sla: set }).where(eq(partnerCentres.location, location));
    await appendEvent(tx, { context: 'authority', type: 'centre.sla_changed', subject: location, actor, at: deps.clock.now(), data: { before, after: sla } });
    return { sla, changed: true };
  });
}
