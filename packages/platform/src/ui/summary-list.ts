// SPDX-License-Identifier: Apache-2.0
import { html, type SafeHtml } from './html.ts';

/** Key–value pairs as a description list; read naturally by screen readers. */
export function summaryList(rows: ReadonlyArray<{ key: string; value: string | SafeHtml }>): SafeHtml {
  return html`<dl class="summary-list">${rows.map((r) => html`<div class="summary-list__row"><dt>${r.key}</dt><dd>${r.value}</dd></div>`)}</dl>`;
}

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** A status label; the text carries the meaning, the colour only supports it (WCAG 1.4.1). */
export function statusTag(text: string, tone: Tone = 'neutral'): SafeHtml {
  return html`<strong class="tag tag--${tone}">${text}</strong>`;
}
