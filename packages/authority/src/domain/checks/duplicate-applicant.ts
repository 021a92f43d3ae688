// SPDX-License-Identifier: Apache-2.0
import type { CheckInput } from './check-input.ts';
import { resultOf, type CheckReason, type CheckResult } from './check-result.ts';
import { compactName } from './normalise-name.ts';

export interface DuplicateKey {
  nameKey: string;
  documentKey: string;
}

export interface ExistingApplication extends DuplicateKey {
  reference: string;
}

/**
 * Keys stored with every application so a second application by the same person, or with the same
 * passport, is found by an exact index lookup. Each name field is run together (Korean given names
 * come as "Min-jun", "Min Jun" or "MINJUN") and the fields are sorted, because applicants often swap
 * surname and given names; the date of birth keeps namesakes apart.
 */
export function duplicateKey(input: CheckInput): DuplicateKey {
  const fields = [compactName(input.givenNames), compactName(input.surname)].filter((f) => f !== '').sort();
  return {
    nameKey: `${fields.join(' ')}|${input.dateOfBirth}`,
    documentKey: `${input.document.issuingCountry.trim().toUpperCase()}:${documentNumberKey(input.document.number)}`,
  };
}

/** Passport numbers are typed with and without the spaces and hyphens printed in some passports. */
function documentNumberKey(n: string): string {
  return n.toUpperCase().replace(/[\s-]+/g, '');
}

export function checkDuplicateApplicant(input: CheckInput, existing: readonly ExistingApplication[]): CheckResult {
  const own = duplicateKey(input);
  const reasons: CheckReason[] = [];
  for (const other of existing) {
    if (other.nameKey === own.nameKey) {
      reasons.push({
        code: 'same_person',
        message: `Application ${other.reference} has the same name and date of birth.`,
        detail: { reference: other.reference },
      });
    }
    if (other.documentKey === own.documentKey) {
      reasons.push({
        code: 'same_document',
        message: `Application ${other.reference} was made with the same passport.`,
        detail: { reference: other.reference },
      });
    }
  }
  return resultOf('duplicate-applicant', reasons);
}
