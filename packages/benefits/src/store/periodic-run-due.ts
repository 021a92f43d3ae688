// SPDX-License-Identifier: Apache-2.0
import { and, desc, eq } from 'drizzle-orm';
import { logEntries } from '@tessera/platform';
import type { BenefitsDeps } from './benefits-deps.ts';

/**
 * Whether the periodic run is due: none has completed in the last `everyMs`. Every run ends with
 * its `periodic-run.completed` event in the service's log, so processes sharing the database
 * agree on it, and a run each period happens once, whichever process takes it.
 */
export async function periodicRunDue(deps: Pick<BenefitsDeps, 'db' | 'clock'>, everyMs: number): Promise<boolean> {
  const [last] = await deps.db.select({ at: logEntries.at }).from(logEntries)
    .where(and(eq(logEntries.context, 'benefits'), eq(logEntries.type, 'periodic-run.completed')))
    .orderBy(desc(logEntries.at)).limit(1);
  return !last || deps.clock.now().getTime() - last.at.getTime() >= everyMs;
}
