// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineMessages, negotiateLocale, translator } from './messages.ts';

test('an explicit locale choice wins over the browser preference', () => {
  assert.equal(negotiateLocale('ko', 'et-EE,et;q=0.9'), 'ko');
});

test('Accept-Language is followed in order of quality', () => {
  assert.equal(negotiateLocale(undefined, 'fr;q=0.9, ko-KR;q=0.8, et;q=0.5'), 'ko');
  assert.equal(negotiateLocale(undefined, 'de, fr'), 'en');
});

test('an unknown explicit choice falls back to negotiation', () => {
  assert.equal(negotiateLocale('xx', 'et'), 'et');
});

test('placeholders are filled and unknown ones left visible', () => {
  const t = translator(defineMessages({ en: { hi: 'Hello {name} {x}' }, et: { hi: 'Tere {name}' }, ko: { hi: '{name}님 안녕하세요' } }), 'ko');
  assert.equal(t('hi', { name: '김' }), '김님 안녕하세요');
  assert.equal(translator(defineMessages({ en: { hi: 'Hello {name} {x}' }, et: { hi: '' }, ko: { hi: '' } }), 'en')('hi', { name: 'A' }), 'Hello A {x}');
});
