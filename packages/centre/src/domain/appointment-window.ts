// SPDX-License-Identifier: Apache-2.0

/** Minutes an appointment opens before its slot, and stays open after it (a late applicant is still served). */
export const OPEN_BEFORE_MINUTES = 15;
export const OPEN_AFTER_MINUTES = 30;

/** Whether a booked appointment is open for its handover at `now`. */
export function isAppointmentOpen(a: { state: string; startsAt: Date; endsAt: Date }, now: Date): boolean {
  return a.state === 'booked'
    && now.getTime() >= a.startsAt.getTime() - OPEN_BEFORE_MINUTES * 60_000
    && now.getTime() <= a.endsAt.getTime() + OPEN_AFTER_MINUTES * 60_000;
}

/** Why a handover stopped: each failed check has its own recorded reason. */
export const HANDOVER_STOP_REASONS = ['passport_mismatch', 'face_mismatch', 'biometric_no_match', 'receipt_refused', 'applicant_left', 'card_defective'] as const;
export type HandoverStopReason = (typeof HANDOVER_STOP_REASONS)[number];
