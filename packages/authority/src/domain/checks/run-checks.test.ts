// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duplicateKey, runChecks, type SanctionsList } from './index.ts';
import { checkInput } from './test-input.ts';

const sanctionsList: SanctionsList = {
  source: 'Test list',
  generatedAt: null,
  entries: [{ id: '1', reference: 'KPi.901', names: ['PAK CHOL SU'], datesOfBirth: ['1971-06-02'], nationalities: [] }],
};
const today = new Date('2026-11-24T09:00:00Z');

test('a clean application passes all three checks, always in the same order', () => {
  const results = runChecks(checkInput(), { existing: [], sanctionsList, today });
  assert.deepEqual(results.map((r) => [r.check, r.outcome]), [
    ['duplicate-applicant', 'pass'],
    ['document-validity', 'pass'],
    ['sanctions-screening', 'pass'],
  ]);
});

test('an application failing every check still gets exactly three results in the same order', () => {
  const input = checkInput({ givenNames: 'Chol Su', surname: 'Pak', dateOfBirth: '1971-06-02', document: { issueDate: '2016-01-01', expiryDate: '2026-01-01' } });
  const results = runChecks(input, { existing: [{ ...duplicateKey(input), reference: 'ER-2026-000001' }], sanctionsList, today });
  assert.deepEqual(results.map((r) => [r.check, r.outcome]), [
    ['duplicate-applicant', 'flag'],
    ['document-validity', 'flag'],
    ['sanctions-screening', 'flag'],
  ]);
  for (const r of results) for (const reason of r.reasons) assert.ok(reason.code && reason.message);
});
