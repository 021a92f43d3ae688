// SPDX-License-Identifier: Apache-2.0
import type { ValidationIssue } from '../errors/tessera-error.ts';

/** Limits on staff passwords (NIST SP 800-63B §3.1.1.2: length over composition rules). */
export const PASSWORD_POLICY = { minLength: 12, maxLength: 256 } as const;

/**
 * Checks a new password: 12 to 256 characters (code points, after NFKC normalisation) and not
 * the username. Returns the problems found, empty when the password is acceptable.
 * https://pages.nist.gov/800-63-4/sp800-63b.html#passwordver
 */
export function checkPasswordPolicy(password: string, username: string): ValidationIssue[] {
  const normalised = password.normalize('NFKC');
  const length = [...normalised].length;
  const issues: ValidationIssue[] = [];
  if (length < PASSWORD_POLICY.minLength) {
    issues.push({ code: 'minLength', path: 'password', message: `The password must have at least ${PASSWORD_POLICY.minLength} characters.` });
  }
  if (length > PASSWORD_POLICY.maxLength) {
    issues.push({ code: 'maxLength', path: 'password', message: `The password must have at most ${PASSWORD_POLICY.maxLength} characters.` });
  }
  if (normalised.trim().toLowerCase() === username.normalize('NFKC').trim().toLowerCase()) {
    issues.push({ code: 'sameAsUsername', path: 'password', message: 'The password must not be the username.' });
  }
  return issues;
}
