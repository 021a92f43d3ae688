// SPDX-License-Identifier: Apache-2.0
import { html, type SafeHtml } from './html.ts';

/** What every labelled field shares: the label, an optional hint, and the error to show beside it. */
export interface FieldOptions {
  name: string;
  label: string;
  value?: string;
  hint?: string;
  /** Message from the error summary; the field is marked invalid and the message read with it. */
  error?: string | undefined;
  autocomplete?: string;
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

/** The hidden CSRF token every state-changing form carries. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/**
 * Label, hint and error around a control, with aria-describedby wiring them together, in the
 * pattern of the GOV.UK and Estonian design systems; the error summary links to `#name`.
 */
function wrap(o: FieldOptions, control: (describedBy: string, invalid: SafeHtml | '') => SafeHtml, labelFor = true): SafeHtml {
  const described = [o.hint ? `${o.name}-hint` : '', o.error ? `${o.name}-error` : ''].filter(Boolean).join(' ');
  const invalid = o.error ? html` aria-invalid="true"` : '';
  return html`<div class="field${o.error ? ' field--error' : ''}">
${labelFor ? html`<label class="label" for="${o.name}">${o.label}</label>` : ''}
${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : ''}
${o.error ? html`<p class="error-message" id="${o.name}-error">${o.error}</p>` : ''}
${control(described, invalid)}
</div>`;
}

const describedBy = (ids: string) => (ids ? html` aria-describedby="${ids}"` : '');
const autocomplete = (o: FieldOptions) => (o.autocomplete ? html` autocomplete="${o.autocomplete}"` : '');

export function textInput(o: FieldOptions & { type?: 'text' | 'email' | 'tel' | 'search' | 'password' }): SafeHtml {
  return wrap(o, (ids, invalid) => html`<input class="input" id="${o.name}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${autocomplete(o)}${describedBy(ids)}${invalid}>`);
}

/** A native date picker; without it browsers fall back to a text box that takes YYYY-MM-DD. */
export function dateInput(o: FieldOptions): SafeHtml {
  return wrap(o, (ids, invalid) => html`<input class="input input--date" id="${o.name}" name="${o.name}" type="date" value="${o.value ?? ''}"${autocomplete(o)}${describedBy(ids)}${invalid}>`);
}

export function textarea(o: FieldOptions & { rows?: number }): SafeHtml {
  return wrap(o, (ids, invalid) => html`<textarea class="textarea" id="${o.name}" name="${o.name}" rows="${o.rows ?? 5}"${describedBy(ids)}${invalid}>${o.value ?? ''}</textarea>`);
}

export function selectField(o: FieldOptions & { options: Choice[] }): SafeHtml {
  return wrap(o, (ids, invalid) => html`<select class="select" id="${o.name}" name="${o.name}"${autocomplete(o)}${describedBy(ids)}${invalid}>
${o.options.map((c) => html`<option value="${c.value}"${c.value === o.value ? html` selected` : ''}>${c.label}</option>`)}
</select>`);
}

export function fileInput(o: FieldOptions & { accept?: string }): SafeHtml {
  return wrap(o, (ids, invalid) => html`<input class="file-input" id="${o.name}" name="${o.name}" type="file"${o.accept ? html` accept="${o.accept}"` : ''}${describedBy(ids)}${invalid}>`);
}

/** A group of radio buttons in a fieldset; the first one carries the id the error summary links to. */
export function radios(o: FieldOptions & { options: Choice[] }): SafeHtml {
  const described = [o.hint ? `${o.name}-hint` : '', o.error ? `${o.name}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' field--error' : ''}">
<fieldset class="radios"${describedBy(described)}>
<legend class="label">${o.label}</legend>
${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : ''}
${o.error ? html`<p class="error-message" id="${o.name}-error">${o.error}</p>` : ''}
${o.options.map((c, i) => {
    const id = i === 0 ? o.name : `${o.name}-${i}`;
    return html`<div class="radio">
<input class="radio__input" id="${id}" name="${o.name}" type="radio" value="${c.value}"${c.value === o.value ? html` checked` : ''}${c.hint ? html` aria-describedby="${id}-hint"` : ''}>
<label class="radio__label" for="${id}">${c.label}</label>
${c.hint ? html`<p class="hint radio__hint" id="${id}-hint">${c.hint}</p>` : ''}
</div>`;
  })}
</fieldset>
</div>`;
}
