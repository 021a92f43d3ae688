// SPDX-License-Identifier: Apache-2.0
import { dataTable, filterForm, html, page, pagination, statusTag, summaryList, type Locale, type SafeHtml, type ValidationIssue } from '@tessera/platform';
import type { CentreAlert } from '../../domain/oversight/centre-alerts.ts';
import { CUSTODY_ACTIONS, type CentreOverview, type CentreOversight } from '../../store/centre-oversight.ts';
import { authorityText } from './authority-messages.ts';
import { barChart, columnChart } from './charts.ts';
import { centreSlaSection } from './centre-sla-form.ts';
import { centreStateForm } from './centre-state-page.ts';
import { consoleNav } from './console-nav.ts';
import { logKeyResetSection, type LogKeyResetForm } from './log-key-reset-section.ts';
import { oversightText, type OversightText } from './oversight-messages.ts';

interface Frame {
  locale: Locale;
  path: string;
  staffName: string;
  csrfToken: string;
}

const REASONS = ['passport_mismatch', 'face_mismatch', 'biometric_no_match', 'receipt_refused', 'applicant_left', 'card_defective', 'unspecified'] as const;
// What a centre reported is shown as it came when it is not one of the known values.
const reasonLabel = (t: OversightText, reason: string) => {
  const known = REASONS.find((r) => r === reason);
  return known ? t(`reason_${known}`) : reason;
};
const eventLabel = (t: OversightText, event: string) => {
  const known = CUSTODY_ACTIONS.find((a) => a === event);
  return known ? t(`event_${known}`) : event;
};

function frame(o: Frame, title: string, body: SafeHtml, notice?: string) {
  const a = authorityText(o.locale);
  return page({ title, locale: o.locale, service: a('consoleService'), path: o.path, body, nav: consoleNav(a, '/officer/centres'), signedInAs: o.staffName, csrfToken: o.csrfToken, ...(notice ? { notice } : {}) });
}

function stateTag(t: OversightText, c: Pick<CentreOverview, 'state'>) {
  return statusTag(t(`state_${c.state}`), c.state === 'active' ? 'success' : 'danger');
}

function averageDays(t: OversightText, locale: Locale, days: number | null) {
  return days === null ? t('none') : t('days', { days: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(days) });
}

function logSummary(t: OversightText, n: Intl.NumberFormat, date: Intl.DateTimeFormat, log: CentreOverview['log']) {
  const head = log.acceptedSize === null ? t('logNoHead') : t('logHead', { size: n.format(log.acceptedSize), date: date.format(log.acceptedAt!) });
  const claims = t('logClaims', { included: n.format(log.claims.included), pending: n.format(log.claims.pending), missing: n.format(log.claims.missing) });
  return html`${log.problems > 0 ? statusTag(t('logProblems', { count: n.format(log.problems) }), 'danger') : statusTag(t('logVerified'), 'success')} ${head} ${claims}`;
}

/** Where each alert's detail is: the list of cards, the reconciliation reports, the log's problems below. */
const alertLink = (c: CentreOversight, code: CentreAlert['code']) => ({
  check_in_overdue: `/officer/centres/${c.location}?event=dispatched`, disposal_overdue: `/officer/centres/${c.location}?event=arrived`,
  discrepancies: `/officer/centres/${c.location}/reconciliations`, reconciliation_overdue: `/officer/centres/${c.location}/reconciliations`,
  tree_head_overdue: '#log-problems', log_problems: '#log-problems',
})[code];

/** The centre's alerts at the top of its page, each with its count, since when, and a link to the detail; "none" when all is well. */
function alertsSection(t: OversightText, n: Intl.NumberFormat, date: Intl.DateTimeFormat, c: CentreOversight) {
  return html`<section aria-labelledby="alerts-title">
<h2 id="alerts-title">${t('alertsTitle')}</h2>
${c.alerts.length === 0 ? html`<p>${t('alertsNone')}</p>` : html`<ul class="alerts">${c.alerts.map((a) => html`<li>${statusTag(t(a.severity === 'danger' ? 'alertDanger' : 'alertWarning'), a.severity)} <a href="${alertLink(c, a.code)}">${t(`alert_${a.code}`, { count: n.format(a.count) })}</a>${a.since ? html` ${t('alertSince', { date: date.format(a.since) })}` : ''}</li>`)}</ul>`}
</section>`;
}

const LOG_PROBLEMS = ['signature_invalid', 'inconsistent', 'fork', 'rollback', 'inclusion_invalid', 'action_not_in_log'];

/** The problems found in the centre's log, as a warning above the figures: a fork or rewritten history is never shown as a figure only. */
function logProblemsSection(t: OversightText, date: Intl.DateTimeFormat, c: CentreOversight) {
  if (c.logProblems.length === 0) return '';
  return html`<div class="notice notice--warning" id="log-problems"><h2>${t('logProblemsTitle')}</h2><ul>${c.logProblems.map((p) => html`<li>${date.format(p.at)}: ${LOG_PROBLEMS.includes(p.code) ? t(`log_${p.code}` as never) : p.code}${p.reference ? ` (${p.reference})` : ''}</li>`)}</ul></div>`;
}

/** Every partner centre with its figures, a chart of handovers and a table of the same figures. */
export function centresOverviewPage(o: Frame & { centres: readonly CentreOverview[] }) {
  const t = oversightText(o.locale);
  const n = new Intl.NumberFormat(o.locale);
  const body = html`<p>${t('intro')}</p>
${dataTable({
    caption: t('overviewCaption'),
    locale: o.locale,
    columns: [t('colCentre'), t('colState'), t('colAlerts'), t('colShipped'), t('colCheckedIn'), t('colInStock'), t('colHandedOver'), t('colReturnedDestroyed'), t('colMissingDamaged'), t('colFailures'), t('colAverageDays'), t('colDiscrepancies')],
    rows: o.centres.map((c) => [
      html`<a href="/officer/centres/${c.location}">${c.name}</a>`,
      stateTag(t, c),
      c.alerts.length === 0 ? t('nothing') : statusTag(n.format(c.alerts.length), c.alerts.some((a) => a.severity === 'danger') ? 'danger' : 'warning'),
      n.format(c.figures.shipped),
      n.format(c.figures.checkedIn),
      n.format(c.figures.inStock),
      n.format(c.figures.handedOver),
      n.format(c.figures.returned + c.figures.destroyed),
      n.format(c.figures.missing + c.figures.damaged),
      n.format(c.failures.reduce((sum, f) => sum + f.count, 0)),
      averageDays(t, o.locale, c.figures.averageDaysToHandover),
      c.lastReconciliation ? n.format(c.lastReconciliation.discrepancies) : t('nothing'),
    ]),
  })}
${barChart({ id: 'handed-over', title: t('handedOverChart'), locale: o.locale, columns: [t('colCentre'), t('colHandedOver')], tableCaption: t('figures', { title: t('handedOverChart') }), rows: o.centres.map((c) => ({ label: c.city, value: c.figures.handedOver })) })}`;
  return frame(o, t('title'), body);
}

/** One centre: its state, figures, three charts each with its table, and the paged list of every custody action. */
export function centreDetailPage(o: Frame & {
  centre: CentreOversight; filters: { event?: string; reference?: string }; page: number; size: number;
  /** The overseer may suspend or reinstate the centre: the form is shown, with what was typed and what was wrong. */
  stateForm?: { reason?: string; issues?: readonly ValidationIssue[] };
  /** The overseer may set the service levels: the form, with what was typed and each field's error; without it the values are shown only. */
  slaForm?: { values?: Readonly<Record<string, string>>; issues?: readonly ValidationIssue[] };
  /** The overseer may propose and approve resets of a lost log key: the forms, with what was typed and what was wrong. */
  resetForm?: Omit<LogKeyResetForm, 'csrfToken'>;
  notice?: string;
}) {
  const t = oversightText(o.locale);
  const c = o.centre;
  const f = c.figures;
  const n = new Intl.NumberFormat(o.locale);
  const date = new Intl.DateTimeFormat(o.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: c.timeZone });
  const base = `/officer/centres/${c.location}`;
  const states = [
    { label: t('inTransit'), value: f.inTransit }, { label: t('inStock'), value: f.inStock }, { label: t('handedOver'), value: f.handedOver },
    { label: t('returned'), value: f.returned }, { label: t('destroyed'), value: f.destroyed }, { label: t('missing'), value: f.missing }, { label: t('damaged'), value: f.damaged },
  ];
  const body = html`<p><a href="/officer/centres">${t('backToCentres')}</a></p>
${alertsSection(t, n, date, c)}
${summaryList([
    { key: t('colState'), value: html`${stateTag(t, c)} ${c.state === 'suspended' ? t('suspendedSince', { date: date.format(c.stateChangedAt), reason: c.suspensionReason ?? '' }) : t('activeSince', { date: date.format(c.stateChangedAt) })}` },
    { key: t('shipped'), value: n.format(f.shipped) },
    { key: t('checkedIn'), value: n.format(f.checkedIn) },
    { key: t('inStock'), value: n.format(f.inStock) },
    { key: t('handedOver'), value: n.format(f.handedOver) },
    { key: `${t('returned')} / ${t('destroyed')}`, value: `${n.format(f.returned)} / ${n.format(f.destroyed)}` },
    { key: `${t('missing')} / ${t('damaged')}`, value: `${n.format(f.missing)} / ${n.format(f.damaged)}` },
    { key: t('averageDays'), value: averageDays(t, o.locale, f.averageDaysToHandover) },
    { key: t('colFailures'), value: n.format(c.failures.reduce((sum, x) => sum + x.count, 0)) },
    { key: t('biometricNoMatches'), value: n.format(c.biometricNoMatches) },
    { key: t('lastReconciliation'), value: c.lastReconciliation ? t('reconciliationSummary', { date: date.format(c.lastReconciliation.at), checked: n.format(c.lastReconciliation.checked), discrepancies: n.format(c.lastReconciliation.discrepancies) }) : t('neverReconciled') },
    { key: t('logTitle'), value: logSummary(t, n, date, c.log) },
  ])}
${logProblemsSection(t, date, c)}
${logKeyResetSection({ locale: o.locale, date, centre: c, ...(o.resetForm ? { form: { ...o.resetForm, csrfToken: o.csrfToken } } : {}) })}
${barChart({ id: 'card-states', title: t('stateOfCards'), locale: o.locale, columns: [t('colState'), t('colValue')], tableCaption: t('figures', { title: t('stateOfCards') }), rows: states })}
${columnChart({ id: 'per-day', title: t('perDayChart', { days: c.handoversPerDay.length, timeZone: c.timeZone }), locale: o.locale, columns: [t('colDay'), t('colHandovers')], tableCaption: t('figures', { title: t('perDayChart', { days: c.handoversPerDay.length, timeZone: c.timeZone }) }), rows: c.handoversPerDay.map((d) => ({ label: d.day, value: d.count })) })}
${barChart({ id: 'failures', title: t('failuresChart'), locale: o.locale, columns: [t('colReason'), t('colCount')], tableCaption: t('figures', { title: t('failuresChart') }), rows: c.failures.map((x) => ({ label: reasonLabel(t, x.reason), value: x.count })) })}
${centreSlaSection({ locale: o.locale, location: c.location, sla: c.sla, csrfToken: o.csrfToken, ...(o.slaForm ? { form: o.slaForm } : {}) })}
${o.stateForm ? centreStateForm({ locale: o.locale, centre: c, csrfToken: o.csrfToken, ...o.stateForm }) : ''}
<p><a href="${base}/stops">${t('allStops', { total: c.stops.total })}</a> · <a href="${base}/reconciliations">${t('allReconciliations', { total: c.reconciliations.total })}</a></p>
<h2>${t('actionsTitle')}</h2>
${filterForm({
    action: base, locale: o.locale, submitLabel: t('filter'), clearLabel: t('clear'),
    fields: [
      { kind: 'select', name: 'event', label: t('filterEvent'), value: o.filters.event ?? '', options: [{ value: '', label: t('filterAll') }, ...CUSTODY_ACTIONS.map((e) => ({ value: e, label: eventLabel(t, e) }))] },
      { kind: 'text', name: 'reference', label: t('filterReference'), value: o.filters.reference ?? '' },
    ],
  })}
${dataTable({
    caption: t('actionsCaption'), locale: o.locale,
    columns: [t('colAt'), t('colReference'), t('colDocument'), t('colAction'), t('colActor')],
    rows: c.actions.items.map((a) => [date.format(a.at), a.reference, a.documentNumber, eventLabel(t, a.event), a.actor]),
  })}
${pagination({ path: base, page: o.page, size: o.size, total: c.actions.total, query: { size: String(o.size), ...Object.fromEntries(Object.entries(o.filters).filter(([, v]) => v)) as Record<string, string> }, locale: o.locale })}`;
  return frame(o, c.name, body, o.notice);
}

/** A centre's stopped handovers, paged. */
export function centreStopsPage(o: Frame & { centre: CentreOversight; page: number; size: number }) {
  const t = oversightText(o.locale);
  const c = o.centre;
  const date = new Intl.DateTimeFormat(o.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: c.timeZone });
  const body = html`<p><a href="/officer/centres/${c.location}">${t('backToCentre', { centre: c.name })}</a></p>
${dataTable({
    caption: t('stopsCaption'), locale: o.locale,
    columns: [t('colAt'), t('colReference'), t('colDocument'), t('colReason'), t('colActor')],
    rows: c.stops.items.map((s) => [date.format(s.at), s.reference, s.documentNumber, reasonLabel(t, s.reason), s.actor]),
  })}
${pagination({ path: `/officer/centres/${c.location}/stops`, page: o.page, size: o.size, total: c.stops.total, query: { size: String(o.size) }, locale: o.locale })}`;
  return frame(o, `${t('stopsTitle')}: ${c.name}`, body);
}

/** A centre's reconciliation reports with every discrepancy, paged. */
export function centreReconciliationsPage(o: Frame & { centre: CentreOversight; page: number; size: number }) {
  const t = oversightText(o.locale);
  const c = o.centre;
  const n = new Intl.NumberFormat(o.locale);
  const date = new Intl.DateTimeFormat(o.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: c.timeZone });
  const body = html`<p><a href="/officer/centres/${c.location}">${t('backToCentre', { centre: c.name })}</a></p>
${dataTable({
    caption: t('reconciliationsCaption'), locale: o.locale,
    columns: [t('colAt'), t('colChecked'), t('colDiscrepancies'), t('colDetail')],
    rows: c.reconciliations.items.map((r) => [date.format(r.at), n.format(r.checked), n.format(r.discrepancies.length),
      r.discrepancies.length === 0 ? t('nothing') : html`<ul>${r.discrepancies.map((d) => html`<li>${t('discrepancy', { card: d.documentNumber, authority: d.authority ?? t('nothing'), centre: d.centre ?? t('nothing') })}</li>`)}</ul>`]),
  })}
${pagination({ path: `/officer/centres/${c.location}/reconciliations`, page: o.page, size: o.size, total: c.reconciliations.total, query: { size: String(o.size) }, locale: o.locale })}`;
  return frame(o, `${t('reconciliationsTitle')}: ${c.name}`, body);
}
