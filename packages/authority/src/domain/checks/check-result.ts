// SPDX-License-Identifier: Apache-2.0

export type CheckName = 'duplicate-applicant' | 'document-validity' | 'sanctions-screening';

/** Why a check came out as it did: a stable code for machines, an English message for officers. */
export interface CheckReason {
  code: string;
  message: string;
  detail?: Record<string, unknown>;
}

/**
 * A check never decides an application: 'flag' only sends it to an officer's closer look
 * (and a second approver), so reasons must say exactly what to look at.
 */
export interface CheckResult {
  check: CheckName;
  outcome: 'pass' | 'flag';
  reasons: CheckReason[];
}

export function resultOf(check: CheckName, flags: CheckReason[], passReasons: CheckReason[] = []): CheckResult {
  return flags.length > 0 ? { check, outcome: 'flag', reasons: flags } : { check, outcome: 'pass', reasons: passReasons };
}
