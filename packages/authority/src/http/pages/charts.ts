// SPDX-License-Identifier: Apache-2.0
import { dataTable, html, type Locale, type SafeHtml } from '@tessera/platform';

export interface ChartRow {
  label: string;
  value: number;
}

const BAR = '#1d70b8';

/**
 * Horizontal bars drawn on the server as SVG (readable without JavaScript), followed by a table
 * with the same figures: the SVG is one image with a title for screen readers, the table is
 * what they read.
 */
export function barChart(o: { id: string; title: string; rows: readonly ChartRow[]; locale: Locale; columns: readonly [string, string]; tableCaption: string }): SafeHtml {
  const number = new Intl.NumberFormat(o.locale);
  const max = Math.max(1, ...o.rows.map((r) => r.value));
  const height = o.rows.length * 24 + 4;
  return html`<figure class="chart" aria-labelledby="${o.id}-caption">
<figcaption id="${o.id}-caption"><strong>${o.title}</strong></figcaption>
<svg role="img" aria-labelledby="${o.id}-title" width="560" height="${height}" viewBox="0 0 560 ${height}">
<title id="${o.id}-title">${o.title}</title>
${o.rows.map((r, i) => {
    const width = Math.round((r.value / max) * 300);
    return html`<text x="0" y="${i * 24 + 16}" font-size="13" fill="#0b0c0c">${r.label}</text><rect x="200" y="${i * 24 + 4}" height="16" width="${width}" fill="${BAR}"></rect><text x="${206 + width}" y="${i * 24 + 16}" font-size="13" fill="#0b0c0c">${number.format(r.value)}</text>`;
  })}
</svg>
</figure>
${dataTable({ caption: o.tableCaption, locale: o.locale, columns: o.columns, rows: o.rows.map((r) => [r.label, number.format(r.value)]) })}`;
}

/** Vertical columns over time (one per day), with every seventh day labelled; the same figures follow as a table. */
export function columnChart(o: { id: string; title: string; rows: readonly ChartRow[]; locale: Locale; columns: readonly [string, string]; tableCaption: string }): SafeHtml {
  const number = new Intl.NumberFormat(o.locale);
  const max = Math.max(1, ...o.rows.map((r) => r.value));
  const step = 18;
  const width = o.rows.length * step + 40;
  const top = 10;
  const plot = 120;
  return html`<figure class="chart" aria-labelledby="${o.id}-caption">
<figcaption id="${o.id}-caption"><strong>${o.title}</strong></figcaption>
<svg role="img" aria-labelledby="${o.id}-title" width="${width}" height="${plot + top + 24}" viewBox="0 0 ${width} ${plot + top + 24}">
<title id="${o.id}-title">${o.title}</title>
<text x="0" y="${top + 10}" font-size="12" fill="#0b0c0c">${number.format(max)}</text>
<line x1="30" y1="${top + plot}" x2="${width}" y2="${top + plot}" stroke="#505a5f"></line>
${o.rows.map((r, i) => {
    const h = Math.round((r.value / max) * plot);
    const x = 34 + i * step;
    return html`<rect x="${x}" y="${top + plot - h}" width="${step - 4}" height="${h}" fill="${BAR}"></rect>${(o.rows.length - 1 - i) % 7 === 0 ? html`<text x="${x - 6}" y="${top + plot + 16}" font-size="11" fill="#0b0c0c">${r.label.slice(5)}</text>` : ''}`;
  })}
</svg>
</figure>
${dataTable({ caption: o.tableCaption, locale: o.locale, columns: o.columns, rows: o.rows.map((r) => [r.label, number.format(r.value)]) })}`;
}
