// SPDX-License-Identifier: Apache-2.0
import { InvalidTransition } from '@tessera/platform';

/**
 * States of an e-Residency application at the issuing authority, from submission to decision.
 * Card states (ordered, personalised, shipped, handed over) follow in the card lifecycle.
 */
export const APPLICATION_STATUSES = [
  'awaiting_payment',
  'in_review',
  'awaiting_second_approval',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export type ApplicationAction = 'pay' | 'approve' | 'second_approve' | 'reject' | 'withdraw';

/**
 * The whole state machine as a table: what each action does from each state. Anything absent is
 * an invalid transition (409, nothing changes). `approve` on a flagged application goes to a
 * second officer (four eyes), which `nextStatus` decides from `flagged`.
 */
const TRANSITIONS: Record<ApplicationAction, Partial<Record<ApplicationStatus, ApplicationStatus>>> = {
  pay: { awaiting_payment: 'in_review' },
  approve: { in_review: 'approved' },
  second_approve: { awaiting_second_approval: 'approved' },
  reject: { in_review: 'rejected', awaiting_second_approval: 'rejected' },
  withdraw: { awaiting_payment: 'withdrawn', in_review: 'withdrawn', awaiting_second_approval: 'withdrawn' },
};

export function nextStatus(from: ApplicationStatus, action: ApplicationAction, flagged = false): ApplicationStatus {
  const to = Object.hasOwn(TRANSITIONS, action) && Object.hasOwn(TRANSITIONS[action], from) ? TRANSITIONS[action][from] : undefined;
  if (!to) throw new InvalidTransition('application', from, action.replace('_', ' '));
  if (action === 'approve' && flagged) return 'awaiting_second_approval';
  return to;
}

export function allowedActions(from: ApplicationStatus): ApplicationAction[] {
  return (Object.keys(TRANSITIONS) as ApplicationAction[]).filter((a) => Object.hasOwn(TRANSITIONS[a], from));
}

/** States in which the authority still owes the applicant a decision. */
export const OPEN_STATUSES: readonly ApplicationStatus[] = ['in_review', 'awaiting_second_approval'];
