// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataTable, pagination } from './data-table.ts';
import { errorSummary } from './error-summary.ts';
import { radios, textInput } from './form-fields.ts';
import { renderProblemPage } from './problem-page.ts';

test('the error summary links each problem to its field and is announced', () => {
  const out = errorSummary([{ code: 'required', path: 'body/surname', message: 'Enter your surname.' }], 'en').toString();
  assert.match(out, /role="alert"/);
  assert.match(out, /<a href="#surname">Enter your surname.<\/a>/);
  assert.equal(errorSummary([], 'en'), '');
  assert.match(errorSummary([{ code: 'x', path: 'body/a', message: 'm' }], 'ko').toString(), /문제가 있습니다/);
});

test('a field with an error is marked invalid and points at its message and hint', () => {
  const out = textInput({ name: 'email', label: 'E-mail', hint: 'We write to you here.', error: 'Enter an e-mail address.', value: '"><script>' }).toString();
  assert.match(out, /<label class="label" for="email">E-mail<\/label>/);
  assert.match(out, /aria-describedby="email-hint email-error"/);
  assert.match(out, /aria-invalid="true"/);
  assert.match(out, /value="&quot;&gt;&lt;script&gt;"/, 'the submitted value is escaped');
});

test('radio buttons sit in a fieldset whose first option carries the id the error summary links to', () => {
  const out = radios({ name: 'pickup', label: 'Pickup', value: 'b', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B', hint: 'extra fee' }] }).toString();
  assert.match(out, /<fieldset class="radios">[\s\S]*<legend class="label">Pickup<\/legend>/);
  assert.match(out, /id="pickup" name="pickup" type="radio" value="a"/);
  assert.match(out, /id="pickup-1" name="pickup" type="radio" value="b" checked aria-describedby="pickup-1-hint"/);
});

test('a table has a caption and column headers, and says so when it is empty', () => {
  const out = dataTable({ caption: 'Queue', locale: 'en', columns: ['Ref', 'Status'], rows: [['ER-1', '<b>']] }).toString();
  assert.match(out, /<caption class="table__caption">Queue<\/caption>/);
  assert.match(out, /<th scope="col">Ref<\/th>/);
  assert.match(out, /<td>&lt;b&gt;<\/td>/);
  assert.match(dataTable({ caption: 'Queue', locale: 'et', columns: ['A'], rows: [] }).toString(), /Midagi ei ole näidata/);
});

test('paging links keep the filters and say where the reader is', () => {
  const out = pagination({ path: '/officer', page: 2, size: 25, total: 60, query: { status: 'in_review', location: '', page: '2' }, locale: 'en' }).toString();
  assert.match(out, /Showing 26–50 of 60 · Page 2 of 3/);
  assert.match(out, /rel="prev" href="\/officer\?status=in_review&amp;page=1"/);
  assert.match(out, /rel="next" href="\/officer\?status=in_review&amp;page=3"/);
  const last = pagination({ path: '/officer', page: 3, size: 25, total: 60, query: {}, locale: 'en' }).toString();
  assert.doesNotMatch(last, /rel="next"/);
});

test('a problem page shows the problem detail and its code in the layout', () => {
  const out = renderProblemPage({ type: 'urn:tessera:problem:not-found', title: 'Not Found', status: 404, detail: 'No application was found.', code: 'ERR_NOT_FOUND', instance: '/x' }, 'en');
  assert.match(out, /<html lang="en">/);
  assert.match(out, /<h1>Not Found<\/h1>/);
  assert.match(out, /No application was found./);
  assert.match(out, /ERR_NOT_FOUND/);
});
