// SPDX-License-Identifier: Apache-2.0
import { jaroWinkler } from '@skyra/jaro-winkler';
import { nameTokens } from './normalise-name.ts';

// Note: @skyra/jaro-winkler 1.1 is a little more lenient than textbook Jaro–Winkler (a wider match
// window, and a bigger bonus once four leading letters agree); the thresholds were tuned with it.

/** Strings pre-split into characters: the library splits its arguments on every call otherwise. */
type Chars = readonly string[];

/** A name ready for comparison, computed once per list entry rather than once per application. */
export interface ComparableName {
  /** Tokens sorted and joined: word order differs between lists and passports. */
  sorted: Chars;
  /** Ways to cut the name into words: as written, and with words run together ("chol su" → "cholsu"). */
  segmentations: Chars[][];
}

const chars = (s: string): Chars => [...s];

function comparable(sortedTokens: string[], segmentations: string[][]): ComparableName {
  const unique = [...new Map(segmentations.filter((s) => s.length > 0).map((s) => [s.join(' '), s])).values()];
  return { sorted: chars([...sortedTokens].sort().join(' ')), segmentations: unique.map((s) => s.map(chars)) };
}

/**
 * A listed name, as written in the list (one string, surname position unknown): besides its own
 * words, every split into two run-together halves, which is how "PAK CHOL SU" meets "Pak" + "Cholsu".
 */
export function comparableListedName(name: string): ComparableName {
  const tokens = nameTokens(name);
  const segmentations = [tokens];
  if (tokens.length >= 3 && tokens.length <= 6) {
    for (let k = 1; k < tokens.length; k++) segmentations.push([tokens.slice(0, k).join(''), tokens.slice(k).join('')]);
  }
  return comparable(tokens, segmentations);
}

/** An applicant's name: its words, and each name field run together. */
export function comparableApplicantName(givenNames: string, surname: string): ComparableName {
  const given = nameTokens(givenNames);
  const family = nameTokens(surname);
  const tokens = [...family, ...given];
  const segmentations = [tokens];
  if (given.length > 0 && family.length > 0) segmentations.push([family.join(''), given.join('')]);
  return comparable(tokens, segmentations);
}

/**
 * Similarity in [0, 1]: the best word-by-word alignment of equally long segmentations, weighted by
 * word length so a mismatch in a two-letter word counts less than in a long one. Comparing word by
 * word keeps "Pak Chol Su" away from "KIM CHOL SU": over whole strings the shared given names
 * outweigh the different surname. Only names that cannot be aligned (a mononym against a full
 * name) fall back to Jaro–Winkler over the whole token-sorted names.
 */
export function nameSimilarity(a: ComparableName, b: ComparableName): number {
  let best = -1;
  for (const sa of a.segmentations) {
    for (const sb of b.segmentations) {
      if (sa.length === sb.length) best = Math.max(best, alignedSimilarity(sa, sb));
    }
  }
  return Math.min(best >= 0 ? best : jaroWinkler(a.sorted, b.sorted), 1);
}

function alignedSimilarity(a: Chars[], b: Chars[]): number {
  const n = a.length;
  const score: number[][] = a.map((wa) => b.map((wb) => jaroWinkler(wa, wb) * (wa.length + wb.length)));
  const total = a.reduce((s, w) => s + w.length, 0) + b.reduce((s, w) => s + w.length, 0);
  if (total === 0) return 0;
  return (n <= 5 ? bestAssignment(score, n) : greedyAssignment(score, n)) / total;
}

/** Exhaustive over word orders; names rarely have more than five words. */
function bestAssignment(score: number[][], n: number): number {
  const used = new Array<boolean>(n).fill(false);
  const search = (i: number): number => {
    if (i === n) return 0;
    let best = 0;
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      used[j] = true;
      best = Math.max(best, (score[i]?.[j] ?? 0) + search(i + 1));
      used[j] = false;
    }
    return best;
  };
  return search(0);
}

function greedyAssignment(score: number[][], n: number): number {
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let sum = 0;
  for (let k = 0; k < n; k++) {
    let best = -1;
    let bi = 0;
    let bj = 0;
    for (let i = 0; i < n; i++) {
      if (usedA.has(i)) continue;
      for (let j = 0; j < n; j++) {
        const s = score[i]?.[j] ?? 0;
        if (!usedB.has(j) && s > best) [best, bi, bj] = [s, i, j];
      }
    }
    usedA.add(bi);
    usedB.add(bj);
    sum += Math.max(best, 0);
  }
  return sum;
}
