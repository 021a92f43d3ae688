// SPDX-License-Identifier: Apache-2.0
import type { CheckInput } from './check-input.ts';
import { resultOf, type CheckReason, type CheckResult } from './check-result.ts';
import { addUtcDays, addUtcMonths, isoDay, parseUtcDate, utcDay } from './utc-date.ts';

/** The applicant shows the same passport at pickup, weeks after applying, so it must stay valid that long. */
export const MIN_REMAINING_VALIDITY_MONTHS = 6;
/** No passport is issued for longer than ten years; one more day allows for issuers that count inclusively. */
export const MAX_VALIDITY_YEARS = 10;

export function checkDocumentValidity(input: CheckInput, today: Date): CheckResult {
  const { issueDate, expiryDate } = input.document;
  const day = utcDay(today);
  const issued = parseUtcDate(issueDate);
  const expires = parseUtcDate(expiryDate);
  const reasons: CheckReason[] = [];
  if (!issued || !expires) {
    // The form validates dates, so this means data was changed after submission.
    reasons.push({ code: 'invalid_date', message: 'The passport issue or expiry date is not a valid date.', detail: { issueDate, expiryDate } });
    return resultOf('document-validity', reasons);
  }
  if (expires < day) {
    reasons.push({ code: 'document_expired', message: `The passport expired on ${expiryDate}.`, detail: { expiryDate, today: isoDay(day) } });
  } else {
    const needed = addUtcMonths(day, MIN_REMAINING_VALIDITY_MONTHS);
    if (expires < needed) {
      reasons.push({
        code: 'expires_soon',
        message: `The passport expires on ${expiryDate}, less than ${MIN_REMAINING_VALIDITY_MONTHS} months from now; the applicant must show it again at pickup.`,
        detail: { expiryDate, validUntilAtLeast: isoDay(needed) },
      });
    }
  }
  if (issued > day) {
    reasons.push({ code: 'issued_in_future', message: `The passport issue date ${issueDate} is in the future.`, detail: { issueDate, today: isoDay(day) } });
  }
  const longest = addUtcDays(addUtcMonths(issued, 12 * MAX_VALIDITY_YEARS), 1);
  if (expires > longest || expires <= issued) {
    reasons.push({
      code: 'implausible_validity',
      message: expires <= issued
        ? `The passport expiry date ${expiryDate} is not after its issue date ${issueDate}.`
        : `The passport is valid from ${issueDate} to ${expiryDate}, longer than any passport is issued for (${MAX_VALIDITY_YEARS} years).`,
      detail: { issueDate, expiryDate },
    });
  }
  return resultOf('document-validity', reasons);
}
