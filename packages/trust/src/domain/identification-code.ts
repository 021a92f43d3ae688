// SPDX-License-Identifier: Apache-2.0
import { IdentificationCodeInputInvalid } from '../trust-errors.ts';

/**
 * The Estonian personal identification code (isikukood, EVS 585:2007) that e-residents also
 * receive: GYYMMDDSSSC. G encodes century and sex (1/2 for the 1800s … 5/6 for the 2000s,
 * odd for men), SSS is a serial for people born that day, C the check digit.
 */
export function identificationCode(dateOfBirth: string, sex: 'F' | 'M', serial: number): string {
  const [year, month, day] = dateOfBirth.split('-').map(Number) as [number, number, number];
  if (!Number.isInteger(serial) || serial < 0 || serial > 999) throw new IdentificationCodeInputInvalid('The serial must be 0–999.');
  const century = Math.floor(year / 100) - 18;
  if (century < 0 || century > 2) throw new IdentificationCodeInputInvalid('The birth year is outside 1800–2099.');
  const g = century * 2 + (sex === 'M' ? 1 : 2);
  const body = `${g}${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(serial).padStart(3, '0')}`;
  return body + checkDigit(body);
}

/** Check digit: weights 1..9,1 then, if that gives 10, 3..9,1,2,3; a second 10 gives 0. */
export function checkDigit(first10: string): string {
  const digits = [...first10].map(Number);
  const weighted = (weights: number[]) => digits.reduce((sum, d, i) => sum + d * weights[i]!, 0) % 11;
  let c = weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 1]);
  if (c === 10) c = weighted([3, 4, 5, 6, 7, 8, 9, 1, 2, 3]);
  return String(c === 10 ? 0 : c);
}

export function isValidIdentificationCode(code: string): boolean {
  return /^[1-6]\d{10}$/.test(code) && checkDigit(code.slice(0, 10)) === code[10];
}
