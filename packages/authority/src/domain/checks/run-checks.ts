// SPDX-License-Identifier: Apache-2.0
import type { CheckInput } from './check-input.ts';
import type { CheckResult } from './check-result.ts';
import { checkDocumentValidity } from './document-validity.ts';
import { checkDuplicateApplicant, type ExistingApplication } from './duplicate-applicant.ts';
import type { SanctionsList } from './sanctions-list.ts';
import { checkSanctionsScreening } from './sanctions-screening.ts';

export interface CheckContext {
  /** Other live applications sharing this one's name key or document key. */
  existing: ExistingApplication[];
  sanctionsList: SanctionsList;
  today: Date;
}

/** All automated checks, always all three and in this order, so stored results line up for officers. */
export function runChecks(input: CheckInput, context: CheckContext): CheckResult[] {
  return [
    checkDuplicateApplicant(input, context.existing),
    checkDocumentValidity(input, context.today),
    checkSanctionsScreening(input, context.sanctionsList),
  ];
}
