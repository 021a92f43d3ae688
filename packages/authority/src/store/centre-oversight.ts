// SPDX-License-Identifier: Apache-2.0
import { and, count, desc, eq, inArray, min, sql, type SQL } from 'drizzle-orm';
import { findStaffById, NotFound, type Clock, type Database } from '@tessera/platform';
import { centreAlerts, centreSlaOf, DEFAULT_CENTRE_SLA, type CentreAlert, type CentreSla } from '../domain/oversight/centre-alerts.ts';
import { centreFigures, handoversPerDay, type CentreFigures } from '../domain/oversight/centre-figures.ts';
import { applicationEvents, cardCustody, centreLogAlerts, centreLogClaims, centreLogKeyResets, centreReconciliations, centreTreeHeads, handoverFailures, partnerCentres, pickupLocations } from './schema.ts';

/** One partner centre as the authority's oversight sees it, from the authority's own records only. */
export interface CentreOverview {
  location: string;
  name: string;
  city: string;
  timeZone: string;
  state: 'active' | 'suspended';
  stateChangedAt: Date;
  suspensionReason: string | null;
  figures: CentreFigures;
  /** Handovers the centre stopped, by the reason it recorded. */
  failures: Array<{ reason: string; count: number }>;
  /** Comparisons the authority's own matcher decided as no match for this centre. */
  biometricNoMatches: number;
  /** The latest daily reconciliation and how many cards did not agree. */
  lastReconciliation: { at: Date; checked: number; discrepancies: number } | null;
  /** The oversight of the centre's transparency log: the head accepted last, the reported actions proven in it, and the problems found. */
  log: { acceptedSize: number | null; acceptedAt: Date | null; claims: { pending: number; included: number; missing: number }; problems: number };
  /** The centre's service levels: what its overseer set, the defaults for the rest. */
  sla: CentreSla;
  /** SLA breaches, discrepancies and log problems now, most severe first (see `centreAlerts`), by the centre's own service levels. */
  alerts: CentreAlert[];
}

/** The steps of a centre's action list: the chain-of-custody events the authority records. */
export const CUSTODY_ACTIONS = ['dispatched', 'arrived', 'missing', 'damaged', 'handed_over', 'returned', 'destroyed'] as const;

async function overviews(deps: { db: Database; clock: Clock; sla?: CentreSla }, where?: SQL): Promise<CentreOverview[]> {
  const { db } = deps;
  const centres = await db.select({ centre: partnerCentres, place: pickupLocations }).from(partnerCentres)
    .innerJoin(pickupLocations, eq(pickupLocations.code, partnerCentres.location)).where(where).orderBy(pickupLocations.name);
  if (centres.length === 0) return [];
  const locations = centres.map((c) => c.centre.location);
  const steps = await db.select({ location: cardCustody.location, reference: cardCustody.reference, event: cardCustody.event, at: cardCustody.at, collectBy: sql<string | null>`${cardCustody.detail}->>'collectBy'` })
    .from(cardCustody).where(inArray(cardCustody.location, locations));
  const failures = await db.select({ location: handoverFailures.location, reason: handoverFailures.reason, n: count() }).from(handoverFailures)
    .where(inArray(handoverFailures.location, locations)).groupBy(handoverFailures.location, handoverFailures.reason);
  const matcherLocation = sql<string>`${applicationEvents.detail}->>'location'`;
  const noMatches = await db.select({ location: matcherLocation, n: count() }).from(applicationEvents)
    .where(and(eq(applicationEvents.type, 'biometric_check'), sql`${applicationEvents.detail}->>'decision' = 'no_match'`, inArray(matcherLocation, locations)))
    .groupBy(matcherLocation);
  const latest = await db.selectDistinctOn([centreReconciliations.location]).from(centreReconciliations)
    .where(inArray(centreReconciliations.location, locations)).orderBy(centreReconciliations.location, desc(centreReconciliations.at), desc(centreReconciliations.id));
  // The current run of each centre's heads only: after a reset of a lost key, the heads before it are not the accepted head.
  const heads = (await db.selectDistinctOn([centreTreeHeads.location], { head: centreTreeHeads }).from(centreTreeHeads)
    .innerJoin(partnerCentres, and(eq(partnerCentres.location, centreTreeHeads.location), eq(partnerCentres.logEpoch, centreTreeHeads.epoch)))
    .where(inArray(centreTreeHeads.location, locations)).orderBy(centreTreeHeads.location, desc(centreTreeHeads.size))).map((r) => r.head);
  const claims = await db.select({ location: centreLogClaims.location, state: centreLogClaims.state, n: count() }).from(centreLogClaims)
    .where(inArray(centreLogClaims.location, locations)).groupBy(centreLogClaims.location, centreLogClaims.state);
  const problems = await db.select({ location: centreLogAlerts.location, n: count(), first: min(centreLogAlerts.at) }).from(centreLogAlerts)
    .where(inArray(centreLogAlerts.location, locations)).groupBy(centreLogAlerts.location);
  return centres.map(({ centre, place }) => {
    const head = heads.find((h) => h.location === centre.location);
    const claimed = (state: 'pending' | 'included' | 'missing') => claims.find((c) => c.location === centre.location && c.state === state)?.n ?? 0;
    const reconciliation = latest.find((r) => r.location === centre.location);
    const own = steps.filter((s) => s.location === centre.location);
    const problem = problems.find((p) => p.location === centre.location);
    const sla = centreSlaOf(centre.sla, deps.sla ?? DEFAULT_CENTRE_SLA);
    return {
      location: centre.location, name: place.name, city: place.city, timeZone: place.timeZone,
      state: centre.state, stateChangedAt: centre.changedAt, suspensionReason: centre.reason,
      figures: centreFigures(own),
      failures: failures.filter((f) => f.location === centre.location).map((f) => ({ reason: f.reason, count: f.n })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      biometricNoMatches: noMatches.find((n) => n.location === centre.location)?.n ?? 0,
      lastReconciliation: reconciliation ? { at: reconciliation.at, checked: reconciliation.checked, discrepancies: reconciliation.discrepancies.length } : null,
      log: {
        acceptedSize: head?.size ?? null, acceptedAt: head?.receivedAt ?? null,
        claims: { pending: claimed('pending'), included: claimed('included'), missing: claimed('missing') },
        problems: problem?.n ?? 0,
      },
      sla,
      alerts: centreAlerts({
        now: deps.clock.now(), sla, steps: own,
        lastReconciliation: reconciliation ? { at: reconciliation.at, discrepancies: reconciliation.discrepancies.length } : null,
        lastTreeHeadAt: head?.receivedAt ?? null, logProblems: problem?.n ?? 0, firstProblemAt: problem?.first ?? null,
      }),
    };
  });
}

/** Every partner centre with its figures and alerts, for the oversight overview (or the one centre named). */
export function listCentreOversight(deps: { db: Database; clock: Clock; sla?: CentreSla }, location?: string): Promise<CentreOverview[]> {
  return overviews(deps, location === undefined ? undefined : eq(partnerCentres.location, location));
}

export interface CentreOversightQuery {
  /** Days of the handovers-per-day series, ending today in the centre's time zone. */
  days: number;
  /** The paged, filterable list of custody actions (drill-down), newest first. */
  actions: { event?: (typeof CUSTODY_ACTIONS)[number]; reference?: string; offset: number; size: number };
  /** The paged list of stopped handovers, newest first. */
  stops: { offset: number; size: number };
  /** The paged list of reconciliation reports, newest first. */
  reconciliations: { offset: number; size: number };
}

/**
 * One centre in detail: its figures, handovers per day, every custody action (paged, filtered
 * by step or card reference), its handover stops and its reconciliation reports with their
 * discrepancies, and the problems found in its log. Only the authority's records are read; officers see card references and
 * document numbers, no applicant's name.
 */
export async function centreOversight(deps: { db: Database; clock: Clock; sla?: CentreSla }, location: string, q: CentreOversightQuery) {
  const [overview] = await overviews(deps, eq(partnerCentres.location, location));
  if (!overview) throw new NotFound('No partner centre has this code.');
  const handed = await deps.db.select({ reference: cardCustody.reference, event: cardCustody.event, at: cardCustody.at }).from(cardCustody)
    .where(and(eq(cardCustody.location, location), eq(cardCustody.event, 'handed_over'), sql`${cardCustody.at} > ${new Date(deps.clock.now().getTime() - (q.days + 1) * 86_400_000)}`));
  const perDay = handoversPerDay(handed, { now: deps.clock.now(), days: q.days, timeZone: overview.timeZone });
  const actionWhere = and(
    eq(cardCustody.location, location),
    q.actions.event ? eq(cardCustody.event, q.actions.event) : undefined,
    q.actions.reference ? eq(cardCustody.reference, q.actions.reference) : undefined,
  );
  const [actionTotal] = await deps.db.select({ n: count() }).from(cardCustody).where(actionWhere);
  const actions = await deps.db.select().from(cardCustody).where(actionWhere).orderBy(desc(cardCustody.at), desc(cardCustody.id)).offset(q.actions.offset).limit(q.actions.size);
  const [stopTotal] = await deps.db.select({ n: count() }).from(handoverFailures).where(eq(handoverFailures.location, location));
  const stops = await deps.db.select().from(handoverFailures).where(eq(handoverFailures.location, location)).orderBy(desc(handoverFailures.at), desc(handoverFailures.id)).offset(q.stops.offset).limit(q.stops.size);
  const [reconciliationTotal] = await deps.db.select({ n: count() }).from(centreReconciliations).where(eq(centreReconciliations.location, location));
  const reconciliations = await deps.db.select().from(centreReconciliations).where(eq(centreReconciliations.location, location))
    .orderBy(desc(centreReconciliations.at), desc(centreReconciliations.id)).offset(q.reconciliations.offset).limit(q.reconciliations.size);
  const logProblems = await deps.db.select().from(centreLogAlerts).where(eq(centreLogAlerts.location, location)).orderBy(desc(centreLogAlerts.at), desc(centreLogAlerts.id)).limit(20);
  const resets = await deps.db.select().from(centreLogKeyResets)
    .where(and(eq(centreLogKeyResets.location, location), inArray(centreLogKeyResets.state, ['proposed', 'approved']))).orderBy(desc(centreLogKeyResets.proposedAt)).limit(10);
  const names = new Map<string, string>();
  for (const id of new Set(resets.flatMap((r) => [r.proposedBy, ...(r.approvedBy ? [r.approvedBy] : [])]))) names.set(id, (await findStaffById(deps.db, id))?.displayName ?? id);
  return {
    ...overview,
    handoversPerDay: perDay,
    actions: { items: actions.map((a) => ({ id: a.id, reference: a.reference, documentNumber: a.documentNumber, event: a.event, actor: a.actor, at: a.at, shipmentId: a.shipmentId })), total: actionTotal?.n ?? 0 },
    stops: { items: stops.map((s) => ({ reference: s.reference, documentNumber: s.documentNumber, reason: s.reason, actor: s.actor, at: s.at })), total: stopTotal?.n ?? 0 },
    reconciliations: { items: reconciliations.map((r) => ({ at: r.at, checked: r.checked, discrepancies: r.discrepancies })), total: reconciliationTotal?.n ?? 0 },
    /** The latest problems found in the centre's log (a fork, a rewritten history, an action missing from it), newest first. */
    /**
     * Resets of a lost log key, newest first: the one waiting for a second overseer, and those
     * approved, each a break in the log's history that no proof spans (`breakAfterSize`: the last head before it).
     */
    logKeyResets: resets.map((r) => ({
      id: r.id, state: r.state as 'proposed' | 'approved', keyX: typeof r.newKey.x === 'string' ? r.newKey.x : '', reason: r.reason,
      proposedBy: r.proposedBy, proposedByName: names.get(r.proposedBy) ?? r.proposedBy, proposedAt: r.proposedAt,
      approvedByName: r.approvedBy ? names.get(r.approvedBy) ?? r.approvedBy : null, approvedAt: r.approvedAt, breakAfterSize: r.breakAfterSize,
    })),
    logProblems: logProblems.map((p) => ({ at: p.at, code: p.code, reference: typeof p.detail.reference === 'string' ? p.detail.reference : null, size: typeof p.detail.size === 'number' ? p.detail.size : null })),
  };
}

export type CentreOversight = Awaited<ReturnType<typeof centreOversight>>;
