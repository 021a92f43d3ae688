// SPDX-License-Identifier: Apache-2.0
import type { CheckInput } from './check-input.ts';
import { resultOf, type CheckReason, type CheckResult } from './check-result.ts';
import { comparableApplicantName, comparableListedName, nameSimilarity, type ComparableName } from './name-similarity.ts';
import type { SanctionsEntry, SanctionsList } from './sanctions-list.ts';

/** At or above this similarity an officer must compare the applicant with the listed person. */
export const MATCH_THRESHOLD = 0.9;
/** A name this close is flagged even when the listed date of birth differs: lists carry wrong dates too. */
export const STRONG_MATCH_THRESHOLD = 0.97;
/** Enough for officers to work through; more would mean the list or the name is odd, which the count shows. */
const MAX_REASONS = 10;

export interface PreparedSanctionsList {
  list: SanctionsList;
  entries: Array<{ entry: SanctionsEntry; names: Array<{ original: string; comparable: ComparableName }> }>;
}

const prepared = new WeakMap<SanctionsList, PreparedSanctionsList>();

/**
 * Normalises every listed name once. runChecks does this itself and remembers the result per list
 * object, so a list loaded at start-up is prepared on the first application only.
 */
export function prepareSanctionsList(list: SanctionsList): PreparedSanctionsList {
  let p = prepared.get(list);
  if (!p) {
    p = {
      list,
      entries: list.entries.map((entry) => ({
        entry,
        names: entry.names.filter((n) => n.trim() !== '').map((original) => ({ original, comparable: comparableListedName(original) })),
      })),
    };
    prepared.set(list, p);
  }
  return p;
}

export function checkSanctionsScreening(input: CheckInput, list: SanctionsList | PreparedSanctionsList): CheckResult {
  const p = 'list' in list ? list : prepareSanctionsList(list);
  const { source, generatedAt } = p.list;
  if (p.entries.length === 0) {
    // An empty list is a configuration fault; passing everyone on it would hide that.
    return resultOf('sanctions-screening', [{ code: 'list_empty', message: `The sanctions list ${source} has no entries, so the applicant could not be screened.`, detail: { source, generatedAt } }]);
  }
  const applicant = comparableApplicantName(input.givenNames, input.surname);
  const matches: Array<CheckReason & { score: number }> = [];
  for (const { entry, names } of p.entries) {
    let score = 0;
    let matchedName = '';
    for (const name of names) {
      const s = nameSimilarity(applicant, name.comparable);
      if (s > score) [score, matchedName] = [s, name.original];
    }
    if (score < MATCH_THRESHOLD) continue;
    const dob = compareDateOfBirth(input.dateOfBirth, entry.datesOfBirth);
    if (dob === 'differs' && score < STRONG_MATCH_THRESHOLD) continue;
    const rounded = Math.round(score * 1000) / 1000;
    const dobText = dob === 'matches' ? 'matches' : dob === 'unknown' ? 'is not on the list' : 'differs from the list but the name is very close';
    matches.push({
      score,
      code: 'possible_match',
      message: `The name resembles ${matchedName} (${entry.reference}) on ${source}, similarity ${rounded.toFixed(3)}; the date of birth ${dobText}.`,
      detail: { entry: entry.reference, matchedName, score: rounded, dateOfBirthMatches: dob === 'matches' },
    });
  }
  matches.sort((a, b) => b.score - a.score);
  const flags = matches.slice(0, MAX_REASONS).map(({ score: _score, ...reason }) => reason);
  return resultOf('sanctions-screening', flags, [{
    code: 'no_match',
    message: `No name on ${source}${generatedAt ? ` (generated ${generatedAt})` : ''} resembles the applicant's.`,
    detail: { source, generatedAt, entries: p.entries.length },
  }]);
}

/**
 * 'differs' only when the list gives dates and none shares even the year: a day/month swap or a
 * date known only roughly must not clear a name match.
 */
function compareDateOfBirth(dateOfBirth: string, listed: readonly string[]): 'matches' | 'differs' | 'unknown' {
  if (listed.length === 0) return 'unknown';
  const year = dateOfBirth.slice(0, 4);
  if (listed.some((d) => d === dateOfBirth || (d.length === 4 && d === year))) return 'matches';
  return listed.some((d) => d.slice(0, 4) === year) ? 'unknown' : 'differs';
}
