// SPDX-License-Identifier: Apache-2.0
import { csrfField, dataTable, errorSummary, html, page, selectField, statusTag, summaryList, textarea, type Locale, type ValidationIssue } from '@tessera/platform';
import { REJECTION_REASONS } from '../../domain/application/rejection-reasons.ts';
import type { ApplicationDetail } from '../../store/get-application.ts';
import { authorityText } from './authority-messages.ts';
import { consoleNav } from './console-nav.ts';
import { statusTone } from './status-tone.ts';

export interface DetailPageOptions {
  locale: Locale;
  path: string;
  detail: ApplicationDetail;
  staffId: string;
  staffName: string;
  canDecide: boolean;
  csrfToken: string;
  issues: ValidationIssue[];
  values: Record<string, string>;
  notice?: string;
}

/** One application for an officer: the person, the checks with reasons, files, history and the decision form. */
export function detailPage(o: DetailPageOptions) {
  const t = authorityText(o.locale);
  const a = o.detail.application;
  const when = new Intl.DateTimeFormat(o.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Tallinn' });
  const countries = new Intl.DisplayNames([o.locale], { type: 'region' });
  const base = `/officer/applications/${a.id}`;
  const secondApproval = a.status === 'awaiting_second_approval';
  const ownFirstApproval = secondApproval && a.firstApprover === o.staffId;
  const error = (field: string) => o.issues.find((i) => i.path.split('/').pop() === field)?.message;

  const decision = !o.canDecide || o.detail.actions.length === 0
    ? html`<p>${t('noActions')}</p>`
    : html`${errorSummary(o.issues, o.locale)}
${a.flagged && a.status === 'in_review' ? html`<div class="notice notice--warning"><p>${t('fourEyesNotice')}</p></div>` : ''}
${secondApproval ? html`<div class="notice notice--warning"><p>${t('firstApprovalBy', { officer: a.firstApprover ?? '' })}</p></div>` : ''}
${ownFirstApproval ? '' : html`<form method="post" action="${base}/decision" class="inline-form">${csrfField(o.csrfToken)}<input type="hidden" name="decision" value="approve">
<button type="submit" class="button">${secondApproval ? t('secondApprove') : t('approve')}</button></form>`}
<form method="post" action="${base}/decision">${csrfField(o.csrfToken)}<input type="hidden" name="decision" value="reject">
${selectField({ name: 'reason', label: t('rejectReason'), value: o.values.reason ?? '', error: error('reason'), options: [{ value: '', label: t('choose') }, ...REJECTION_REASONS.map((r) => ({ value: r, label: t(`reason_${r}`) }))] })}
${textarea({ name: 'note', label: t('rejectNote'), value: o.values.note ?? '', error: error('note') })}
<button type="submit" class="button button--warning">${t('reject')}</button></form>`;

  const body = html`<p>${statusTag(t(`status_${a.status}`), statusTone(a.status))} ${a.flagged ? statusTag(t('flagged'), 'warning') : ''}</p>
<div class="two-columns">
<section aria-labelledby="person"><h2 id="person">${t('detailPerson')}</h2>
${summaryList([
    { key: t('givenNames'), value: a.givenNames },
    { key: t('surname'), value: a.surname },
    { key: t('dateOfBirth'), value: a.dateOfBirth },
    { key: t('sex'), value: t(`sex_${a.sex}`) },
    { key: t('citizenship'), value: countries.of(a.citizenship) ?? a.citizenship },
    { key: t('residenceCountry'), value: countries.of(a.residenceCountry) ?? a.residenceCountry },
    { key: t('email'), value: a.email },
    { key: t('documentNumber'), value: a.documentNumber },
    { key: t('documentCountry'), value: countries.of(a.documentCountry) ?? a.documentCountry },
    { key: t('documentIssuedOn'), value: a.documentIssuedOn },
    { key: t('documentExpiresOn'), value: a.documentExpiresOn },
    { key: t('motivation'), value: t(`motivation_${a.motivation}`) },
    { key: t('motivationText'), value: a.motivationText },
    { key: t('pickupLocation'), value: a.pickupLocation },
  ])}
</section>
<section aria-labelledby="files"><h2 id="files">${t('detailFiles')}</h2>
<img class="portrait" src="${base}/files/photo" alt="${t('photoAlt')}" width="240" height="300">
<p><a href="${base}/files/passport_scan">${t('viewPassportScan')}</a></p>
</section>
</div>
<section aria-labelledby="checks"><h2 id="checks">${t('detailChecks')}</h2>
${dataTable({
    caption: t('detailChecks'),
    locale: o.locale,
    columns: ['', '', ''],
    headless: true,
    rows: o.detail.checks.map((c) => [c.check, c.outcome === 'pass' ? statusTag(t('checkPass'), 'success') : statusTag(t('checkFlag'), 'warning'), html`${c.reasons.map((r) => html`<p>${r.message}</p>`)}`]),
  })}
</section>
<section aria-labelledby="decision"><h2 id="decision">${t('detailDecision')}</h2>${decision}</section>
<section aria-labelledby="history"><h2 id="history">${t('detailHistory')}</h2>
${dataTable({
    caption: t('detailHistory'),
    locale: o.locale,
    columns: [t('historyAt'), t('historyWho'), t('historyWhat')],
    rows: o.detail.history.map((h) => [when.format(h.at), h.actor, `${h.type.replace(/_/g, ' ')}${h.toStatus ? ` → ${h.toStatus.replace(/_/g, ' ')}` : ''}`]),
  })}
</section>
<section aria-labelledby="access"><h2 id="access">${t('detailAccess')}</h2>
${dataTable({
    caption: t('detailAccess'),
    locale: o.locale,
    columns: [t('historyAt'), t('accessWho'), t('accessWhy')],
    rows: o.detail.accessLog.map((r) => [when.format(r.at), r.staffId, r.purpose]),
  })}
</section>`;
  return page({
    title: t('detailTitle', { reference: a.reference }),
    locale: o.locale,
    service: t('consoleService'),
    path: o.path,
    body,
    nav: consoleNav(t, ''),
    signedInAs: o.staffName,
    csrfToken: o.csrfToken,
    ...(o.notice ? { notice: o.notice } : {}),
  });
}

