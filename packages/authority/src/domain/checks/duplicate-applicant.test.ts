// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDuplicateApplicant, duplicateKey } from './duplicate-applicant.ts';
import { checkInput } from './test-input.ts';

const earlier = (overrides: Parameters<typeof checkInput>[0], reference = 'ER-2026-000001') => ({ ...duplicateKey(checkInput(overrides)), reference });

test('the same person is found whatever the case, diacritics or order of the names', () => {
  const key = duplicateKey(checkInput({ surname: 'Han', givenNames: 'Mi-rae' })).nameKey;
  assert.equal(duplicateKey(checkInput({ surname: 'HAN', givenNames: 'Mi-rae' })).nameKey, key);
  assert.equal(duplicateKey(checkInput({ surname: 'Mi-rae', givenNames: 'Han' })).nameKey, key);
  assert.equal(duplicateKey(checkInput({ surname: 'Hån', givenNames: 'MI RAE' })).nameKey, key);
  assert.equal(duplicateKey(checkInput({ surname: 'han', givenNames: 'Mirae' })).nameKey, key);
});

test('a Korean given name matches with or without its hyphen and with surname and given names swapped', () => {
  assert.equal(duplicateKey(checkInput({ surname: 'Kim', givenNames: 'Min-jun' })).nameKey, duplicateKey(checkInput({ surname: 'MINJUN', givenNames: 'KIM' })).nameKey);
});

test('a second application by the same person is flagged, naming the first', () => {
  const result = checkDuplicateApplicant(checkInput({ surname: 'HAN', givenNames: 'Mi-rae', document: { number: 'M99999999' } }), [earlier({ surname: 'Han', givenNames: 'Mi-rae' }, 'ER-2026-000042')]);
  assert.equal(result.outcome, 'flag');
  assert.deepEqual(result.reasons.map((r) => [r.code, r.detail]), [['same_person', { reference: 'ER-2026-000042' }]]);
  assert.match(result.reasons[0]!.message, /ER-2026-000042/);
});

test('the same passport is found even when its number is typed with spaces and hyphens', () => {
  const result = checkDuplicateApplicant(checkInput({ surname: 'Jung', document: { number: 'm12 345-678' } }), [earlier({ surname: 'Seo', givenNames: 'Ji-ho' })]);
  assert.equal(result.outcome, 'flag');
  assert.deepEqual(result.reasons.map((r) => r.code), ['same_document']);
});

test('a passport number from another country is a different passport', () => {
  const result = checkDuplicateApplicant(checkInput({ surname: 'Jung', document: { issuingCountry: 'JP' } }), [earlier({ surname: 'Seo' })]);
  assert.equal(result.outcome, 'pass');
});

test('the same person with the same passport gets both reasons', () => {
  const result = checkDuplicateApplicant(checkInput(), [earlier({})]);
  assert.deepEqual(result.reasons.map((r) => r.code), ['same_person', 'same_document']);
});

test('a different person is not flagged, nor a namesake born on another day', () => {
  const others = [
    earlier({ surname: 'Choi', givenNames: 'Ha-eun', document: { number: 'M30000001' } }),
    earlier({ dateOfBirth: '1985-03-15', document: { number: 'M30000002' } }),
  ];
  const result = checkDuplicateApplicant(checkInput(), others);
  assert.deepEqual(result, { check: 'duplicate-applicant', outcome: 'pass', reasons: [] });
});
