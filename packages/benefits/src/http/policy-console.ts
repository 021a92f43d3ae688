// SPDX-License-Identifier: Apache-2.0
import type { preHandlerAsyncHookHandler } from 'fastify';
import Type from 'typebox';
import { dataTable, html, NotFound, page, pageLocale, sendPage, statusTag, summaryList, type SafeHtml, type Server } from '@tessera/platform';
import { previewProgramme, type BandCounts } from '../domain/proactive/preview-programme.ts';
import { ESTONIAN_CASES } from '../domain/programmes/ee/estonian.cases.ts';
import { KOREAN_CASES } from '../domain/programmes/kr/korean.cases.ts';
import type { BenefitsDeps } from '../store/benefits-deps.ts';
import { runProgrammeTests } from '../store/run-programme-tests.ts';

export const BENEFITS_PERMISSIONS = { author: 'benefits:author' } as const;

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
 * who loses against the rules of another period (the published parameters), by age and income.
 */
export function registerPolicyConsole(server: Server, deps: Pick<BenefitsDeps, 'programmes'>, o: { requirePermission(permission: string): preHandlerAsyncHookHandler; previewPersons?: number }): void {
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
    const programme = deps.programmes.find((p) => p.id === request.params.programme);
    if (!programme) throw new NotFound('No such programme.');
    const period = request.query.period ?? `${programme.year}-03`;
    const against = request.query.against ?? `${Number(period.slice(0, 4)) - 1}${period.slice(4)}`;
    const preview = previewProgramme(programme, { period, against, persons: o.previewPersons ?? 50_000, seed: 1 });
    const money = (n: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: programme.currency, maximumFractionDigits: 0 }).format(n);
    const band = (caption: string, rows: readonly BandCounts[]) => html`<h3>${caption}</h3>${bars(`${caption}: people eligible`, rows, (r) => r.eligible)}
${dataTable({ caption: `${caption} (figures)`, locale, columns: ['Band', 'Eligible', 'Gain', 'Lose', 'Cost'], rows: rows.map((r) => [r.band, String(r.eligible), String(r.gainers), String(r.losers), money(r.cost)]) })}`;
    const body = html`<form method="get"><label class="label" for="period">Period</label><input class="input" id="period" name="period" value="${period}">
<label class="label" for="against">Against the rules of</label><input class="input" id="against" name="against" value="${against}"> <button class="button" type="submit">Preview</button></form>
${summaryList([
      { key: 'Synthetic population', value: `${preview.persons.toLocaleString('en')} people (seed 1)` },
      { key: `Eligible in ${period}`, value: `${preview.eligible.toLocaleString('en')} (${against}: ${preview.eligibleBefore.toLocaleString('en')})` },
      { key: `Cost in ${period} (${programme.amountPer ?? 'once'})`, value: `${money(preview.cost)} (${against}: ${money(preview.costBefore)})` },
      { key: 'Gain / lose', value: `${preview.gainers.toLocaleString('en')} gain, ${preview.losers.toLocaleString('en')} lose` },
    ])}
${band('By age', preview.byAge)}${band('By monthly income (KRW)', preview.byIncome)}`;
    return sendPage(reply, page({ title: programme.name, locale, service: 'Policy console', path: `/benefits/console/${programme.id}`, body }));
  });
}
