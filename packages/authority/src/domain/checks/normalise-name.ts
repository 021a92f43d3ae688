// SPDX-License-Identifier: Apache-2.0

// Letters that NFKD does not split into base letter + mark, so stripping marks alone would keep them.
const FOLDED: Record<string, string> = { ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ł: 'l', Ł: 'l', ı: 'i', þ: 'th', Þ: 'th', ð: 'd', Ð: 'd' };
const FOLDABLE = new RegExp(`[${Object.keys(FOLDED).join('')}]`, 'gu');

/**
 * One spelling for the many ways a name gets typed: "HAN Mi-rae", "Han  mi rae", "Hän Mi’rae" all
 * become "han mi rae". Diacritics go because passports' machine-readable zones and sanctions lists
 * often drop them; punctuation becomes a space because hyphens and apostrophes are used inconsistently.
 */
export function normaliseName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(FOLDABLE, (c) => FOLDED[c] ?? c)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function nameTokens(s: string): string[] {
  const n = normaliseName(s);
  return n === '' ? [] : n.split(' ');
}

/** A name field with its parts run together, so "Min-jun", "Min Jun" and "MINJUN" agree. */
export function compactName(s: string): string {
  return nameTokens(s).join('');
}
