// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { html, raw } from './html.ts';

test('interpolated text is escaped so user input cannot inject markup', () => {
  const name = '<script>alert("x")</script>';
  assert.equal(html`<p title="${name}">${name}</p>`.value, '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
});

test('nested fragments and arrays are inserted without double escaping', () => {
  const items = ['a&b', 'c'].map((i) => html`<li>${i}</li>`);
  assert.equal(html`<ul>${items}</ul>${raw('<hr>')}${null}${false}`.value, '<ul><li>a&amp;b</li><li>c</li></ul><hr>');
});
