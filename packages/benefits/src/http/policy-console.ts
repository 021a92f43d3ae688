// SPDX-License-Identifier: Apache-2.0
import type { preHandlerAsyncHookHandler } from 'fastify';
import Type from 'typebox';
import { csrfField, dataTable, html, NotFound, page, pageLocale, sendPage, statusTag, summaryList, textInput, Unauthenticated, ValidationFailed, type SafeHtml, type Server } from '@tessera/platform';
import { draftValues, programmeParameters } from '../domain/proactive/programme-draft.ts';
import { previewProgramme, type BandCounts } from '../domain/proactive/preview-programme.ts';
import { ESTONIAN_CASES } from '../domain/programmes/ee/estonian.cases.ts';
import { KOREAN_CASES } from '../domain/programmes/kr/korean.cases.ts';
import type { BenefitsDeps } from '../store/benefits-deps.ts';
import { discardProgrammeDraft, programmeDraft, saveProgrammeDraft } from '../store/programme-drafts.ts';
import { runProgrammeTests } from '../store/run-programme-tests.ts';

export const BENEFITS_PERMISSIONS = { author: 'benefits:author' } as const;

/**
 * The service's staff roles, least privilege: a policy author works on programmes, their tests
 * and previews on synthetic people, and sees no one's personal data.
 */
export const BENEFITS_ROLES = { policy_author: [BENEFITS_PERMISSIONS.author] } as const;

const PERIOD = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });

/** Horizontal bars as SVG; the table beside it holds the same figures for anyone who cannot see it. */
function bars(title: string, rows: readonly BandCounts[], value: (b: BandCounts) => number): SafeHtml {
  const max = Math.max(1, ...rows.map(value));
  return html`<svg role="img" aria-label="${title}" width="420" height="${rows.length * 22 + 4}" viewBox="0 0 420 ${rows.length * 22 + 4}">
${rows.map((r, i) => html`<text x="0" y="${i * 22 + 15}" font-size="12">${r.band}</text><rect x="70" y="${i * 22 + 3}" height="16" width="${Math.round((value(r) / max) * 300)}" fill="#1d70b8"></rect><text x="${76 + Math.round((value(r) / max) * 300)}" y="${i * 22 + 15}" font-size="12">${value(r).toLocaleString('en')}</text>`)}
</svg>`;
}

/**
 * The policy author's console: each programme with its declarative tests run now, and a preview
 * of its effect on a synthetic population — how many are eligible, what it costs, who gains and
 * who loses, by age and income: a draft of the programme (new parameter values, saved with the
 * author and a log event) against the published version, or the rules of one period against
 * another's. Draft forms carry CSRF tokens; a bad draft is a problem and nothing is kept.
 */
export function registerPolicyConsole(server: Server, deps: Pick<BenefitsDeps, 'programmes' | 'db' | 'clock'>, o: { requirePermission(permission: string): preHandlerAsyncHookHandler; previewPersons?: number }): void {
  const gate = o.requirePermission(BENEFITS_PERMISSIONS.author);
  server.get('/benefits/console', { schema: { hide: true }, preHandler: gate }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const results = await runProgrammeTests([...KOREAN_CASES, ...ESTONIAN_CASES].filter((c) => deps.programmes.some((p) => p.id === c.programme)));
    const body = html`<p>Each programme, its legal sources, and its declarative test cases run now (per person and over columns).</p>
${dataTable({ caption: 'Programmes', locale, columns: ['Programme', 'Agency', 'Year', 'Tests', 'Preview'], rows: deps.programmes.map((p) => {
      const own = results.filter((r) => r.programme === p.id);
      const failed = own.filter((r) => !r.ok).length;
      return [p.name, p.agency, String(p.year), statusTag(failed ? `${failed} of ${own.length} failing` : `${own.length} passing`, failed ? 'danger' : 'success'),
        html`<a href="/benefits/console/${p.id}">Preview ${p.id}</a>`];
    }) })}`;
    return sendPage(reply, page({ title: 'Benefit programmes', locale, service: 'Policy console', path: '/benefits/console', body }));
  });

  server.get('/benefits/console/:programme', {
    schema: { hide: true, params: Type.Object({ programme: Type.String({ maxLength: 60 }) }), querystring: Type.Object({ period: Type.Optional(PERIOD), against: Type.Optional(PERIOD), lang: Type.Optional(Type.String({ maxLength: 5 })) }) },
    preHandler: gate,
  }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const programme = programmeOf(request.params.programme);
    const draft = await programmeDraft(deps.db, programme.id);
    const period = request.query.period ?? draft?.period ?? `${programme.year}-03`;
    // With a draft for this period and no other period asked for: the draft against the published version.
    const withDraft = draft !== null && draft.period === period && request.query.against === undefined;
    const against = request.query.against ?? `${Number(period.slice(0, 4)) - 1}${period.slice(4)}`;
    const preview = previewProgramme(programme, { period, against, persons: o.previewPersons ?? 50_000, seed: 1, ...(withDraft ? { draft: draftValues(programme, period, draft.changes) } : {}) });
    const now = withDraft ? `the draft (${period})` : period;
    const before = withDraft ? 'the published version' : against;
    const money = (n: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: programme.currency, maximumFractionDigits: 0 }).format(n);
    const band = (caption: string, rows: readonly BandCounts[]) => html`<h3>${caption}</h3>${bars(`${caption}: people eligible`, rows, (r) => r.eligible)}
${dataTable({ caption: `${caption} (figures)`, locale, columns: ['Band', 'Eligible', 'Gain', 'Lose', 'Cost'], rows: rows.map((r) => [r.band, String(r.eligible), String(r.gainers), String(r.losers), money(r.cost)]) })}`;
    const body = html`<form method="get"><label class="label" for="period">Period</label><input class="input" id="period" name="period" value="${period}">
<label class="label" for="against">Against the rules of</label><input class="input" id="against" name="against" value="${against}"> <button class="button" type="submit">Preview</button></form>
${summaryList([
      { key: 'Synthetic population', value: `${preview.persons.toLocaleString('en')} people (seed 1)` },
      { key: 'Compared', value: `${now} against ${before}` },
      { key: `Eligible in ${now}`, value: `${preview.eligible.toLocaleString('en')} (${before}: ${preview.eligibleBefore.toLocaleString('en')})` },
      { key: `Cost in ${now} (${programme.amountPer ?? 'once'})`, value: `${money(preview.cost)} (${before}: ${money(preview.costBefore)})` },
      { key: 'Gain / lose', value: `${preview.gainers.toLocaleString('en')} gain, ${preview.losers.toLocaleString('en')} lose` },
    ])}
${band('By age', preview.byAge)}${band('By monthly income (KRW)', preview.byIncome)}
${draftSection(programme.id, period, draft, reply.generateCsrf())}`;
    return sendPage(reply, page({ title: programme.name, locale, service: 'Policy console', path: `/benefits/console/${programme.id}`, body }));
  });

  function programmeOf(id: string) {
    const programme = deps.programmes.find((p) => p.id === id);
    if (!programme) throw new NotFound('No such programme.');
    return programme;
  }

  function draftSection(id: string, period: string, draft: Awaited<ReturnType<typeof programmeDraft>>, csrfToken: string): SafeHtml {
    const programme = programmeOf(id);
    const changed = new Map((draft?.changes ?? []).map((c) => [c.parameter, c]));
    const first = draft?.changes[0];
    return html`<section aria-labelledby="draft"><h2 id="draft">Draft version</h2>
<p>${draft ? `Draft by ${draft.author}, saved ${draft.updatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, for ${draft.period}.` : 'No draft yet: give new values for the parameters to change, from a date, with their legal source.'}</p>
<form method="post" action="/benefits/console/${id}/draft" novalidate>${csrfField(csrfToken)}<input type="hidden" name="period" value="${period}">
${dataTable({ caption: `Parameters read in ${period}`, locale: 'en', columns: ['Parameter', 'Published', 'Source', 'Draft value'], rows: programmeParameters(programme, period).map((p) => [
      html`${p.label} <code>${p.id}</code> (${p.unit}${p.reliability === 'official' ? '' : `, ${p.reliability}`})`, `${p.value.toLocaleString('en')} from ${p.from}`, p.source,
      html`<label class="visually-hidden" for="value-${p.id}">Draft value of ${p.label}</label><input class="input" id="value-${p.id}" name="value:${p.id}" inputmode="decimal" value="${changed.get(p.id)?.value ?? ''}">`,
    ]) })}
${textInput({ name: 'from', label: 'In force from', hint: `YYYY-MM-DD, on or before ${period}-01`, value: first?.from ?? `${period}-01` })}
${textInput({ name: 'source', label: 'Legal source of the new values', value: first?.source ?? '' })}
<button class="button" type="submit">Save draft and preview</button></form>
${draft ? html`<form method="post" action="/benefits/console/${id}/draft/discard">${csrfField(csrfToken)}<button class="button button--secondary" type="submit">Discard the draft</button></form>` : ''}
</section>`;
  }

  const authorOf = (request: { staff?: { id: string } | null }) => {
    if (!request.staff) throw new Unauthenticated('Sign in as a policy author.');
    return request.staff.id;
  };
  const params = Type.Object({ programme: Type.String({ maxLength: 60 }) });
  server.post('/benefits/console/:programme/draft', {
    schema: { hide: true, params, body: Type.Record(Type.String({ maxLength: 120 }), Type.String({ maxLength: 200 })) },
    preHandler: [gate, server.csrfProtection],
  }, async (request, reply) => {
    const programme = programmeOf(request.params.programme);
    const { period = '', from = '', source = '' } = request.body;
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new ValidationFailed([{ code: 'period', path: '/period', message: 'The period is YYYY-MM.' }]);
    const changes = Object.entries(request.body).filter(([k, v]) => k.startsWith('value:') && v.trim() !== '')
      .map(([k, v]) => ({ parameter: k.slice('value:'.length), value: Number(v.replace(/[\s,_]/g, '')), from: from.trim(), source }));
    await saveProgrammeDraft(deps, { programme, period, author: authorOf(request), changes });
    return reply.redirect(`/benefits/console/${programme.id}?period=${period}#draft`, 303);
  });
  server.post('/benefits/console/:programme/draft/discard', { schema: { hide: true, params }, preHandler: [gate, server.csrfProtection] }, async (request, reply) => {
    const programme = programmeOf(request.params.programme);
    await discardProgrammeDraft(deps, { programme: programme.id, author: authorOf(request) });
    return reply.redirect(`/benefits/console/${programme.id}`, 303);
  });
}
