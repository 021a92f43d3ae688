// SPDX-License-Identifier: Apache-2.0
import { and, eq, inArray } from 'drizzle-orm';
import { appendEvent, type Database } from '@tessera/platform';
import type { AuthorityDeps } from './authority-deps.ts';
import { CardNotAtCentre } from '../domain/authority-errors.ts';
import { recordLogClaim } from './centre-log-claims.ts';
import { expectedReportEntry } from './record-custody-reports.ts';
import { cardCustody } from './schema.ts';

/** A centre's log entry for an action it told the authority of, and when the authority had it (as the live call would have brought it). */
export interface ImportedLogClaim {
  reference: string;
  action: 'arrived' | 'handed_over';
  logEntry: string;
  receivedAt: Date;
}

/**
 * The claims the live flows keep of a centre's actions imported in bulk (`importCentreCustody`),
 * once the centre's side holds its log entries: each entry checked against the authority's own
 * record of the action exactly as `recordCustodyReports` (a check-in) and `handOverAtCentre` (a
 * handover) check it, and kept with `recordLogClaim`, pending until a head of the centre's log
 * proves it. One entry that does not record the action refuses all (ERR_CENTRE_LOG_ENTRY_MISMATCH).
 * One transaction, with a `centre.log_claims_imported` event counting them.
 */
export async function importCentreLogClaims(deps: Pick<AuthorityDeps, 'db' | 'clock'>, location: string, claims: readonly ImportedLogClaim[]): Promise<{ claims: number }> {
  if (claims.length === 0) return { claims: 0 };
  return deps.db.transaction(async (tx: Database) => {
    const steps = await tx.select().from(cardCustody)
      .where(and(eq(cardCustody.location, location), inArray(cardCustody.reference, [...new Set(claims.map((c) => c.reference))]), inArray(cardCustody.event, ['arrived', 'handed_over'])));
    for (const claim of claims) {
      const step = steps.find((s) => s.reference === claim.reference && s.event === claim.action);
      if (!step) throw new CardNotAtCentre('The authority holds no such action of this centre for this card.');
      // The authority's own record names the operator as `<centre>:<operator>`; the centre's entry names the operator alone.
      const operator = step.actor.slice(location.length + 1);
      const expected = claim.action === 'arrived'
        ? expectedReportEntry({ reference: step.reference, documentNumber: step.documentNumber, event: 'arrived', actor: operator, at: step.at.toISOString(), logEntry: claim.logEntry }, location)
        : { type: 'handover.confirmed', actor: operator, data: { centre: location, reference: step.reference } };
      await recordLogClaim(tx, { now: () => claim.receivedAt }, { location, action: claim.action, reference: claim.reference, entry: claim.logEntry, expected });
    }
    await appendEvent(tx, { context: 'authority', type: 'centre.log_claims_imported', subject: location, actor: 'system', at: deps.clock.now(), data: { claims: claims.length } });
    return { claims: claims.length };
  });
}
