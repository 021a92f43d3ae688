// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SanctionsEntry, SanctionsList } from './sanctions-list.ts';
import { checkSanctionsScreening, prepareSanctionsList } from './sanctions-screening.ts';
import { checkInput } from './test-input.ts';

const entry = (reference: string, names: string[], datesOfBirth: string[] = []): SanctionsEntry => ({ id: reference, reference, names, datesOfBirth, nationalities: [] });
const list: SanctionsList = {
  source: 'Test list',
  generatedAt: '2026-11-20T19:00:03Z',
  entries: [
    entry('KPi.901', ['PAK CHOL SU', 'PAK CHOL-SOO'], ['1971-06-02']),
    entry('KPi.902', ['RI MYONG HO'], ['1968']),
    entry('KPi.950', ['KIM CHOL-SU']),
    entry('QDi.904', ['ABD AL-WAHID MUSTAFA AL-QARNAWI'], ['1978', '1979', '1980']),
    entry('KPe.913', ['TONGHAE MARITIME FREIGHT COMPANY']),
  ],
};
const screen = (givenNames: string, surname: string, dateOfBirth = '1971-06-02') => checkSanctionsScreening(checkInput({ givenNames, surname, dateOfBirth }), list);

test('a listed name is flagged, with the entry, the listed name, the score and whether the date of birth matches', () => {
  const result = screen('Chol Su', 'Pak');
  assert.equal(result.outcome, 'flag');
  assert.deepEqual(result.reasons.map((r) => [r.code, r.detail]), [
    ['possible_match', { entry: 'KPi.901', matchedName: 'PAK CHOL SU', score: 1, dateOfBirthMatches: true }],
  ]);
  assert.match(result.reasons[0]!.message, /PAK CHOL SU \(KPi\.901\)/);
});

test('a name one letter off is still flagged', () => {
  const result = screen('Chul Su', 'Pak');
  assert.equal(result.outcome, 'flag');
  const detail = result.reasons[0]!.detail!;
  assert.equal(detail.entry, 'KPi.901');
  assert.ok((detail.score as number) >= 0.9 && (detail.score as number) < 1);
});

test('hyphens, run-together given names and word order do not hide a match', () => {
  assert.equal(screen('Chol Su', 'Kim').reasons[0]?.detail?.matchedName, 'KIM CHOL-SU');
  assert.equal(screen('Cholsu', 'Kim').reasons[0]?.detail?.entry, 'KPi.950');
  assert.equal(screen('Pak', 'Chol-Soo').reasons[0]?.detail?.entry, 'KPi.901');
  assert.equal(screen('Myong Ho', 'Ri', '1968-02-01').reasons[0]?.detail?.entry, 'KPi.902');
});

test('an unrelated name passes, recording which list was used', () => {
  const result = screen('Yongdae', 'Kim', '1985-03-14');
  assert.equal(result.outcome, 'pass');
  assert.deepEqual(result.reasons.map((r) => [r.code, r.detail]), [['no_match', { source: 'Test list', generatedAt: '2026-11-20T19:00:03Z', entries: 5 }]]);
});

test('a similar name is not flagged when the listed date of birth is clearly different', () => {
  assert.equal(screen('Chul Su', 'Pak', '1990-01-01').outcome, 'pass');
  // the same year (e.g. day and month swapped) does not clear a match
  assert.equal(screen('Chul Su', 'Pak', '1971-02-06').outcome, 'flag');
});

test('an exact name is flagged even when the listed date of birth differs, since lists carry wrong dates too', () => {
  const result = screen('Chol Su', 'Pak', '1990-01-01');
  assert.equal(result.outcome, 'flag');
  assert.equal(result.reasons[0]?.detail?.dateOfBirthMatches, false);
});

test('a year of birth on the list matches any date in that year', () => {
  assert.equal(screen('Myong Ho', 'Ri', '1968-12-31').reasons[0]?.detail?.dateOfBirthMatches, true);
  assert.equal(screen('Abdul Wahid Mustafa', 'al-Qarnawi', '1980-07-01').reasons[0]?.detail?.dateOfBirthMatches, true);
});

test('screening against an empty list is flagged, not passed', () => {
  const result = checkSanctionsScreening(checkInput(), { source: 'Empty', generatedAt: null, entries: [] });
  assert.equal(result.outcome, 'flag');
  assert.deepEqual(result.reasons.map((r) => r.code), ['list_empty']);
});

test('a list is prepared once and reused for every application', () => {
  const list: SanctionsList = { source: 'Generated', generatedAt: null, entries: [entry('X.1', ['KALO MIRTAN'], ['1960'])] };
  assert.equal(prepareSanctionsList(list), prepareSanctionsList(list));
  assert.notEqual(prepareSanctionsList(list), prepareSanctionsList({ ...list }), 'another list gets its own preparation');
});
