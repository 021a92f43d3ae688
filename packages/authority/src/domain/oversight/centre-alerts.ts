// SPDX-License-Identifier: Apache-2.0

/** What the authority expects of a partner centre, in time; each breach is an alert on its dashboard. */
export interface CentreSla {
  /** Days from dispatch by which a card must be checked in (or reported missing or damaged). */
  checkInDays: number;
  /** Hours within which the centre must send its daily reconciliation. */
  reconciliationHours: number;
  /** Hours within which a new head of the centre's log must be accepted. */
  treeHeadHours: number;
  /** Days after a card's collection deadline by which an uncollected card must be returned or destroyed. */
  disposalDays: number;
  /** Minutes after a reported action by which a head of the centre's log must prove it included (else: action not in the log). */
  inclusionGraceMinutes: number;
}

export const DEFAULT_CENTRE_SLA = { checkInDays: 3, reconciliationHours: 36, treeHeadHours: 24, disposalDays: 14, inclusionGraceMinutes: 10 } as const satisfies CentreSla;

/** The range an overseer may set each value in (whole numbers): wide enough for any centre, never zero where zero would flag everything. */
export const CENTRE_SLA_LIMITS = {
  checkInDays: { minimum: 1, maximum: 60 },
  reconciliationHours: { minimum: 1, maximum: 24 * 14 },
  treeHeadHours: { minimum: 1, maximum: 24 * 14 },
  disposalDays: { minimum: 0, maximum: 180 },
  inclusionGraceMinutes: { minimum: 1, maximum: 24 * 60 },
} as const satisfies Record<keyof CentreSla, { minimum: number; maximum: number }>;

/**
 * A centre's service levels: what its overseer set, each value still inside its limits, and the
 * defaults for the rest (a stored value out of range, or of another type, is ignored: fail to the default).
 */
export function centreSlaOf(stored: Readonly<Partial<Record<string, unknown>>> | null | undefined, defaults: CentreSla = DEFAULT_CENTRE_SLA): CentreSla {
  const sla = { ...defaults };
  for (const key of Object.keys(CENTRE_SLA_LIMITS) as Array<keyof CentreSla>) {
    const value = stored?.[key];
    const { minimum, maximum } = CENTRE_SLA_LIMITS[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= minimum && value <= maximum) sla[key] = value;
  }
  return sla;
}

export type CentreAlertCode = 'check_in_overdue' | 'disposal_overdue' | 'reconciliation_overdue' | 'tree_head_overdue' | 'discrepancies' | 'log_problems';

/** One alert: what is wrong, how many cards or problems, and since when. */
export interface CentreAlert {
  code: CentreAlertCode;
  /** SLA breaches and discrepancies are `warning`; a problem in the centre's log is `danger`. */
  severity: 'warning' | 'danger';
  count: number;
  /** The oldest card or event concerned, when there is one. */
  since: Date | null;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const LEFT_CENTRE = ['missing', 'damaged', 'handed_over', 'returned', 'destroyed'];

/**
 * The alerts of one centre at `now`, from the authority's own records: cards dispatched and not
 * checked in within the SLA, uncollected cards kept past their deadline, a reconciliation or a log
 * head overdue (only once the centre has been sent cards), the latest reconciliation's
 * discrepancies, and any problem found in its log. Most severe first.
 */
export function centreAlerts(o: {
  now: Date;
  sla: CentreSla;
  steps: ReadonlyArray<{ reference: string; event: string; at: Date; collectBy?: string | null }>;
  lastReconciliation: { at: Date; discrepancies: number } | null;
  lastTreeHeadAt: Date | null;
  logProblems: number;
  firstProblemAt: Date | null;
}): CentreAlert[] {
  const cards = new Map<string, Map<string, { at: Date; collectBy?: string | null }>>();
  for (const s of o.steps) {
    if (!cards.has(s.reference)) cards.set(s.reference, new Map());
    cards.get(s.reference)!.set(s.event, { at: s.at, collectBy: s.collectBy ?? null });
  }
  const now = o.now.getTime();
  const checkIn: Date[] = [];
  const disposal: Date[] = [];
  let firstDispatch: Date | null = null;
  for (const card of cards.values()) {
    const dispatched = card.get('dispatched');
    if (!dispatched) continue;
    if (!firstDispatch || dispatched.at < firstDispatch) firstDispatch = dispatched.at;
    const left = LEFT_CENTRE.some((e) => card.has(e));
    if (!card.has('arrived') && !left && now - dispatched.at.getTime() > o.sla.checkInDays * DAY) checkIn.push(dispatched.at);
    const collectBy = dispatched.collectBy ? new Date(`${dispatched.collectBy}T23:59:59Z`) : null;
    if (card.has('arrived') && !left && collectBy && now - collectBy.getTime() > o.sla.disposalDays * DAY) disposal.push(collectBy);
  }
  const oldest = (dates: Date[]) => dates.reduce<Date | null>((min, d) => (!min || d < min ? d : min), null);
  const alerts: CentreAlert[] = [];
  if (o.logProblems > 0) alerts.push({ code: 'log_problems', severity: 'danger', count: o.logProblems, since: o.firstProblemAt });
  if (checkIn.length > 0) alerts.push({ code: 'check_in_overdue', severity: 'warning', count: checkIn.length, since: oldest(checkIn) });
  if (disposal.length > 0) alerts.push({ code: 'disposal_overdue', severity: 'warning', count: disposal.length, since: oldest(disposal) });
  if (o.lastReconciliation && o.lastReconciliation.discrepancies > 0) alerts.push({ code: 'discrepancies', severity: 'warning', count: o.lastReconciliation.discrepancies, since: o.lastReconciliation.at });
  // Only a centre that has been sent cards owes reconciliations and log heads; the clock starts at the first dispatch.
  const owedSince = (last: Date | null) => last ?? firstDispatch;
  const reconciled = owedSince(o.lastReconciliation?.at ?? null);
  if (firstDispatch && reconciled && now - reconciled.getTime() > o.sla.reconciliationHours * HOUR) alerts.push({ code: 'reconciliation_overdue', severity: 'warning', count: 1, since: reconciled });
  const headed = owedSince(o.lastTreeHeadAt);
  if (firstDispatch && headed && now - headed.getTime() > o.sla.treeHeadHours * HOUR) alerts.push({ code: 'tree_head_overdue', severity: 'warning', count: 1, since: headed });
  return alerts;
}
