// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseName } from './normalise-name.ts';

test('names are compared without case, diacritics or punctuation', () => {
  assert.equal(normaliseName('  HÄN  Mi-rae '), 'han mi rae');
  assert.equal(normaliseName("Louis-Émile D'Orvilier"), 'louis emile d orvilier');
  assert.equal(normaliseName('Łukasz Strauß'), 'lukasz strauss');
  assert.equal(normaliseName('Nguyễn Thị'), 'nguyen thi');
});

test('names in other scripts are kept, not erased', () => {
  assert.notEqual(normaliseName('한미래'), '');
});
