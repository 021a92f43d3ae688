// SPDX-License-Identifier: Apache-2.0
import { csrfField, dataTable, errorSummary, filterForm, html, page, pagination, statusTag, summaryList, type Locale, type NavLink, type Tone, type ValidationIssue } from '@tessera/platform';
import { CREDENTIAL_HOLD_REASONS, CREDENTIAL_REVOCATION_REASONS } from '../../domain/admin/credential-changes.ts';
import type { IssuedCredentialSummary } from '../../store/admin/list-issued-credentials.ts';
import type { TypeVersion } from '../../store/types/find-types.ts';
import { adminText, reasonKey, type AdminText } from './issuer-admin-messages.ts';

export const ADMIN_PATH = '/issuer/admin';
const typeTone = (s: string): Tone => (s === 'active' ? 'success' : s === 'retired' ? 'danger' : 'neutral');
const credentialTone = (s: string): Tone => (s === 'valid' ? 'success' : s === 'suspended' ? 'warning' : 'danger');
const nav = (t: AdminText, current: boolean): NavLink[] => [{ href: `${ADMIN_PATH}/types`, label: t('types'), current }];
const day = (locale: Locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });

export function typesPage(o: { locale: Locale; result: { items: TypeVersion[]; total: number }; page: number; size: number; filters: Record<string, string>; staffName: string; csrfToken: string }) {
  const t = adminText(o.locale);
  const when = day(o.locale);
  const body = html`${filterForm({
    action: `${ADMIN_PATH}/types`, locale: o.locale, submitLabel: t('filter'), clearLabel: t('clear'),
    fields: [
      { kind: 'text', name: 'q', label: t('search'), value: o.filters.q ?? '' },
      { kind: 'select', name: 'status', label: t('status'), value: o.filters.status ?? '', options: [{ value: '', label: t('all') }, { value: 'active', label: t('status_active') }, { value: 'retired', label: t('status_retired') }] },
    ],
  })}
${dataTable({
    caption: t('typesCaption'), locale: o.locale,
    columns: [t('colType'), t('colName'), t('colAgency'), t('colVersion'), t('colStatus'), t('colPublished')],
    rows: o.result.items.map((v) => [html`<a href="${ADMIN_PATH}/types/${v.type.id}"><code>${v.type.id}</code></a>`, v.type.display[o.locale].name, v.type.agency.name[o.locale], String(v.type.version), statusTag(t(`status_${v.status}`), typeTone(v.status)), when.format(v.publishedAt)]),
  })}
${pagination({ path: `${ADMIN_PATH}/types`, page: o.page, size: o.size, total: o.result.total, query: o.filters, locale: o.locale })}`;
  return page({ title: t('types'), locale: o.locale, service: t('service'), path: `${ADMIN_PATH}/types`, body, nav: nav(t, true), signedInAs: o.staffName, csrfToken: o.csrfToken });
}

export function typePage(o: {
  locale: Locale; history: TypeVersion[]; counts: Map<number, number>; issued: { items: IssuedCredentialSummary[]; total: number }; page: number; size: number;
  canManage: boolean; staffName: string; csrfToken: string; issues: ValidationIssue[]; notice?: string;
}) {
  const t = adminText(o.locale);
  const when = day(o.locale);
  const current = o.history[0]!;
  const type = current.type;
  const path = `${ADMIN_PATH}/types/${type.id}`;
  const reasonOptions = (reasons: readonly string[]) => [{ value: '', label: t('choose') }, ...reasons.map((r) => ({ value: r, label: t(reasonKey(r)) }))];
  const actions = (c: IssuedCredentialSummary) => {
    if (c.status === 'invalid' && (c.revocationReason || !c.derived)) return t('noActions');
    const form = (action: 'suspend' | 'resume' | 'revoke', reasons: readonly string[] | null, tone: string) => html`<form method="post" action="${ADMIN_PATH}/credentials/${c.id}/status" class="inline-form">${csrfField(o.csrfToken)}<input type="hidden" name="action" value="${action}">
${reasons ? html`<label class="label" for="reason-${action}-${c.id}">${t('reason')} (${t(action)})</label><select class="select" id="reason-${action}-${c.id}" name="reason" required>${reasonOptions(reasons).map((r) => html`<option value="${r.value}">${r.label}</option>`)}</select>` : ''}
<button type="submit" class="button ${tone}">${t(action)}</button></form>`;
    return html`${c.holdReason ? form('resume', null, 'button--secondary') : form('suspend', CREDENTIAL_HOLD_REASONS, 'button--secondary')}${form('revoke', CREDENTIAL_REVOCATION_REASONS, 'button--warning')}`;
  };
  const reasonOf = (c: IssuedCredentialSummary) => c.revocationReason ? t(reasonKey(c.revocationReason)) : c.holdReason ? t(reasonKey(c.holdReason)) : c.derived && c.status !== 'valid' ? t('followsCard') : '';
  const body = html`<p>${statusTag(t(`status_${current.status}`), typeTone(current.status))}</p>
${errorSummary(o.issues, o.locale)}
${summaryList([
    { key: t('colType'), value: html`<code>${type.id}</code>` },
    { key: t('colAgency'), value: type.agency.name[o.locale] },
    { key: t('source'), value: html`<code>${type.agency.memberClass}/${type.agency.memberCode}/${type.source.subsystem}/${type.source.service}</code>` },
    { key: t('colFormats'), value: type.formats.join(', ') },
    { key: t('validity'), value: t('days', { days: type.validityDays }) },
    { key: t('derivedFrom'), value: type.derivedFrom ?? t('none') },
    { key: t('approval'), value: t(`approval_${type.approval}`) },
  ])}
<section aria-labelledby="claims"><h2 id="claims">${t('claims')}</h2>
${dataTable({ caption: t('claimsCaption'), locale: o.locale, columns: [t('colClaim'), t('colName'), t('colValueType'), t('colMandatory'), t('colDisclosable')],
    rows: type.claims.map((c) => [html`<code>${c.name}</code>`, c.display[o.locale], c.valueType, c.mandatory ? t('yes') : t('no'), c.disclosable ? t('yes') : t('no')]) })}</section>
<section aria-labelledby="versions"><h2 id="versions">${t('versions')}</h2>
${dataTable({ caption: t('versionsCaption'), locale: o.locale, columns: [t('colVersion'), t('colStatus'), t('colPublished'), t('colRetired'), t('colIssued')],
    rows: o.history.map((v) => [String(v.type.version), statusTag(t(`status_${v.status}`), typeTone(v.status)), when.format(v.publishedAt), v.retiredAt ? when.format(v.retiredAt) : '', String(o.counts.get(v.type.version) ?? 0)]) })}</section>
${o.canManage && current.status === 'active' ? html`<section aria-labelledby="retire"><h2 id="retire">${t('retire')}</h2><p class="hint">${t('retireHint')}</p>
<form method="post" action="${path}/retire">${csrfField(o.csrfToken)}<button type="submit" class="button button--warning">${t('retireButton')}</button></form></section>` : ''}
<section aria-labelledby="issued"><h2 id="issued">${t('issued')}</h2>
${dataTable({ caption: t('issuedCaption'), locale: o.locale, columns: [t('colCredential'), t('colVersion'), t('colFormats'), t('colIssuedAt'), t('colExpires'), t('colStatus'), t('colReason'), ...(o.canManage ? [t('colActions')] : [])],
    rows: o.issued.items.map((c) => [html`<code>${c.id}</code>`, String(c.typeVersion), c.format, when.format(c.issuedAt), when.format(c.expiresAt), statusTag(t(`cstatus_${c.status}`), credentialTone(c.status)), reasonOf(c), ...(o.canManage ? [actions(c)] : [])]) })}
${pagination({ path, page: o.page, size: o.size, total: o.issued.total, query: {}, locale: o.locale })}</section>`;
  return page({ title: type.display[o.locale].name, locale: o.locale, service: t('service'), path, body, nav: nav(t, false), signedInAs: o.staffName, csrfToken: o.csrfToken, ...(o.notice ? { notice: o.notice } : {}) });
}
