// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import { appendEvent } from '@tessera/platform';
import { ProtocolError } from '../../domain/oid4vci/oid4vci-errors.ts';
import { issuedCredentials } from '../schema.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

export const NOTIFICATION_EVENTS = ['credential_accepted', 'credential_failure', 'credential_deleted'] as const;

/** The notification endpoint (OpenID4VCI 1.0 §11): the wallet tells what became of a batch it received. */
export async function recordNotification(deps: Oid4vciDeps, holder: string, body: unknown): Promise<void> {
  const b = (body ?? {}) as { notification_id?: unknown; event?: unknown };
  if (typeof b.notification_id !== 'string') throw new ProtocolError('invalid_notification_request', 'notification_id is missing.');
  if (!(NOTIFICATION_EVENTS as readonly unknown[]).includes(b.event)) throw new ProtocolError('invalid_notification_request', `event must be one of ${NOTIFICATION_EVENTS.join(', ')}.`);
  const notificationId = b.notification_id;
  const event = b.event as string;
  const changed = await deps.db.transaction(async (tx) => {
    const rows = await tx.update(issuedCredentials).set({ notification: event })
      .where(and(eq(issuedCredentials.notificationId, notificationId), eq(issuedCredentials.holder, holder))).returning({ id: issuedCredentials.id });
    if (rows.length) await appendEvent(tx, { context: 'credentials', type: 'credentials.notified', subject: notificationId, actor: 'wallet', at: deps.clock.now(), data: { event } });
    return rows.length;
  });
  if (changed === 0) throw new ProtocolError('invalid_notification_id', 'The notification_id is not one this access token received.');
}
