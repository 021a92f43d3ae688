// SPDX-License-Identifier: Apache-2.0
import type { Database } from '../storage/database.ts';
import { appendEvent } from '../transparency/append-event.ts';

/** Staff account events in the transparency log (type is prefixed with `staff.`). */
export type AuthEventType =
  | 'created' | 'signed-in' | 'sign-in-failed' | 'locked-out' | 'signed-out'
  | 'totp-enrolled' | 'totp-reset' | 'disabled';

/**
 * Appends a staff event to the transparency log inside the caller's transaction. The log is
 * public: `data` holds codes only — never usernames, addresses, session ids or secrets.
 */
export async function recordAuthEvent(
  tx: Database,
  event: { type: AuthEventType; subject: string; actor: string; at: Date; data?: Record<string, string | number | boolean | string[] | null> },
): Promise<void> {
  await appendEvent(tx, {
    context: 'platform_auth',
    type: `staff.${event.type}`,
    subject: event.subject,
    actor: event.actor,
    at: event.at,
    data: event.data ?? {},
  });
}
