// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSanctionsScreening, MATCH_THRESHOLD, type CheckInput } from '../domain/checks/index.ts';
import { comparableApplicantName, comparableListedName, nameSimilarity } from '../domain/checks/name-similarity.ts';
import { loadUnConsolidatedList, parseUnConsolidatedList } from './load-un-consolidated-list.ts';

const SAMPLE = new URL('../../fixtures/un-consolidated-list.sample.xml', import.meta.url).pathname;
const sample = loadUnConsolidatedList(SAMPLE);
const byReference = (reference: string) => {
  const entry = sample.entries.find((e) => e.reference === reference);
  assert.ok(entry, `no entry ${reference}`);
  return entry;
};

test('the sample list gives every individual and entity, with the date it was generated', () => {
  assert.equal(sample.source, 'UN Security Council Consolidated List');
  assert.equal(sample.generatedAt, '2026-11-20T19:00:03.217Z');
  assert.equal(sample.entries.length, 15);
  assert.equal(sample.entries.filter((e) => /^[A-Z]{2}e\./.test(e.reference)).length, 3);
});

test('an individual has full name, good aliases, date of birth and nationality', () => {
  assert.deepEqual(byReference('KPi.901'), {
    id: '6990901',
    reference: 'KPi.901',
    names: ['PAK CHOL SU', 'PAK CHOL-SOO'],
    datesOfBirth: ['1971-06-02'],
    nationalities: ["Democratic People's Republic of Korea"],
    listedOn: '2017-08-05',
    listType: 'DPRK',
  });
});

test('low-quality aliases are left out', () => {
  assert.ok(!sample.entries.some((e) => e.names.includes('Engineer Pak') || e.names.includes('Abu Yasin') || e.names.includes('Bayt')));
  assert.deepEqual(byReference('QDi.904').names, ['ABD AL-WAHID MUSTAFA AL-QARNAWI', 'Abu Yasin al-Qarnawi', 'Abdulwahid Mustafa Qarnawi']);
});

test('names with four parts are joined in order', () => {
  assert.equal(byReference('LYi.907').names[0], 'SALEM FARAJ ABDULMOLA AL-TARHUNI');
});

test('a year-only, approximate or between date of birth becomes the years it allows', () => {
  assert.deepEqual(byReference('KPi.902').datesOfBirth, ['1968']);
  assert.deepEqual(byReference('QDi.904').datesOfBirth, ['1978', '1979', '1980']);
  assert.deepEqual(byReference('QDi.905').datesOfBirth, ['1963', '1964', '1965', '1966', '1967']);
  assert.deepEqual(byReference('QDi.906').datesOfBirth, ['1984-09-30', '1985-09-30']);
  assert.deepEqual(byReference('SOi.909').datesOfBirth, [], 'unknown');
});

test('entities are screened by name only', () => {
  const entity = byReference('KPe.913');
  assert.deepEqual(entity.names, ['TONGHAE MARITIME FREIGHT COMPANY', 'TONGHAE SHIPPING CO.']);
  assert.deepEqual([entity.datesOfBirth, entity.nationalities], [[], []]);
});

test('numbers in names and identifiers stay text', () => {
  const list = parseUnConsolidatedList(`<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z"><INDIVIDUALS/><ENTITIES><ENTITY>
    <DATAID>0042</DATAID><FIRST_NAME>1001</FIRST_NAME><REFERENCE_NUMBER>QDe.999</REFERENCE_NUMBER>
    <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>007</ALIAS_NAME></ENTITY_ALIAS></ENTITY></ENTITIES></CONSOLIDATED_LIST>`, 'Inline');
  assert.deepEqual(list.entries, [{ id: '0042', reference: 'QDe.999', names: ['1001', '007'], datesOfBirth: [], nationalities: [] }]);
  assert.equal(list.source, 'Inline');
});

test('malformed XML is refused with a clear error', () => {
  assert.throws(() => parseUnConsolidatedList('<CONSOLIDATED_LIST><INDIVIDUALS></CONSOLIDATED_LIST>'), { code: 'ERR_SANCTIONS_LIST_INVALID' });
  assert.throws(() => parseUnConsolidatedList('not xml at all'), { code: 'ERR_SANCTIONS_LIST_INVALID' });
});

test('another XML document is refused with a clear error', () => {
  assert.throws(() => parseUnConsolidatedList('<?xml version="1.0"?><export><person/></export>'), { code: 'ERR_SANCTIONS_LIST_INVALID' });
});

// The demo and the other tests use these Korean names; none may look like a listed person.
const SURNAMES = ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim', 'Han', 'Oh', 'Seo', 'Shin', 'Kwon', 'Hwang', 'Ahn', 'Song', 'Yoo', 'Hong'];
const GIVEN = ['Min-jun', 'Seo-yeon', 'Ji-ho', 'Ha-eun', 'Do-yun', 'Yongdae', 'Ji-woo', 'Seo-jun', 'Su-ah', 'Ye-jun', 'Ji-an', 'Hyun-woo', 'Eun-ji', 'Jae-won', 'Soo-bin', 'Dong-hyun', 'Mi-rae', 'Tae-yang', 'Na-rae', 'Sung-min', 'Ye-rin', 'Jun-seo', 'Chae-won', 'Woo-jin'];
const applicant = (givenNames: string, surname: string, dateOfBirth = '1971-06-02'): CheckInput => ({
  givenNames, surname, dateOfBirth, citizenship: 'KR',
  document: { type: 'passport', number: 'M12345678', issuingCountry: 'KR', issueDate: '2022-05-01', expiryDate: '2032-05-01' },
});

test('Yongdae Kim and the other test and demo applicants resemble nobody on the sample list', () => {
  assert.equal(checkSanctionsScreening(applicant('Yongdae', 'Kim', '1985-03-14'), sample).outcome, 'pass');
  const listed = sample.entries.flatMap((e) => e.names.map((n) => ({ n, c: comparableListedName(n) })));
  for (const surname of SURNAMES) {
    for (const given of GIVEN) {
      // the raw name score, so no date of birth can hide a near miss
      const name = comparableApplicantName(given, surname);
      for (const { n, c } of listed) {
        const score = nameSimilarity(name, c);
        assert.ok(score < MATCH_THRESHOLD, `${given} ${surname} ~ ${n}: ${score.toFixed(3)}`);
      }
    }
  }
});

test('the listed person applying under a variant spelling is caught on the sample list', () => {
  const result = checkSanctionsScreening(applicant('Chol-soo', 'Pak'), sample);
  assert.equal(result.outcome, 'flag');
  assert.deepEqual(result.reasons[0]?.detail, { entry: 'KPi.901', matchedName: 'PAK CHOL-SOO', score: 1, dateOfBirthMatches: true });
  assert.equal(checkSanctionsScreening(applicant('Louis Emile', 'Dorvilier', '1969-12-05'), sample).reasons[0]?.detail?.entry, 'HTi.911');
});
