// SPDX-License-Identifier: Apache-2.0
export type { CheckInput } from './check-input.ts';
export type { CheckName, CheckReason, CheckResult } from './check-result.ts';
export { checkDocumentValidity, MAX_VALIDITY_YEARS, MIN_REMAINING_VALIDITY_MONTHS } from './document-validity.ts';
export { checkDuplicateApplicant, duplicateKey, type DuplicateKey, type ExistingApplication } from './duplicate-applicant.ts';
export { normaliseName } from './normalise-name.ts';
export type { SanctionsEntry, SanctionsList } from './sanctions-list.ts';
export { checkSanctionsScreening, MATCH_THRESHOLD, prepareSanctionsList, STRONG_MATCH_THRESHOLD, type PreparedSanctionsList } from './sanctions-screening.ts';
export { runChecks, type CheckContext } from './run-checks.ts';
