// SPDX-License-Identifier: Apache-2.0
import { isUniqueViolation, ValidationFailed, type ValidationIssue } from '@tessera/platform';
import type { ExchangeError } from '../exchange-errors.ts';

/** Throws every issue found at once, before anything is written, so a form can show them all. */
export function throwIfInvalid(issues: ValidationIssue[]): void {
  if (issues.length > 0) throw new ValidationFailed(issues);
}

export function nameIssues(value: unknown, path: string, max = 200): ValidationIssue[] {
  if (typeof value === 'string' && value.trim().length > 0 && value.length <= max && !/[\p{Cc}]/u.test(value)) return [];
  return [{ code: 'format', path, message: `A name of 1 to ${max} characters, without control characters, is required.` }];
}

/**
 * Runs an insert or update, turning a unique violation into the given domain error (a row of
 * the exchange's error table). The operations check for duplicates first to give a
 * precise message; this catches the race between two operators.
 */
export async function uniquely<T>(write: Promise<T>, conflict: (cause: unknown) => ExchangeError): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(error);
    throw error;
  }
}
