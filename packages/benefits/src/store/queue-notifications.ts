// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { enqueueMail, type Database } from '@tessera/platform';
import { quietHoursOf, type Channel } from '../domain/proactive/notification-preferences.ts';
import { releaseAt } from '../domain/proactive/quiet-hours.ts';
import type { BenefitsDeps } from './benefits-deps.ts';
import { notifications, pushSubscriptions } from './schema.ts';
import { preferencesOf } from './set-notification-preferences.ts';

/**
 * Queues one notice on every channel the person chose, inside the caller's transaction, so it
 * goes out only if the change commits: e-mail in the platform's mail outbox, push (one per
 * browser subscribed) and SMS in the service's own outbox. Each is held until the end of the
 * person's quiet hours when it falls in them. `key` makes a repeat of the same notice a no-op.
 */
export async function queueNotifications(tx: Database, deps: Pick<BenefitsDeps, 'channels' | 'pageUrl'>, o: {
  person: { id: string; email: string | null; locale: string };
  now: Date;
  key: string;
  mail: { subject: string; text: string };
  notice: { title: string; body: string };
}): Promise<Channel[]> {
  const preferences = await preferencesOf(tx, o.person.id);
  const notBefore = releaseAt(o.now, quietHoursOf(preferences));
  const queued: Channel[] = [];
  if (preferences.channels.includes('email') && o.person.email) {
    await enqueueMail(tx, { to: o.person.email, ...o.mail, locale: o.person.locale, idempotencyKey: o.key, notBefore }, o.now);
    queued.push('email');
  }
  const row = { personId: o.person.id, title: o.notice.title, body: o.notice.body, url: deps.pageUrl, locale: o.person.locale, createdAt: o.now, nextAttemptAt: notBefore };
  if (deps.channels?.push && preferences.channels.includes('push')) {
    const subscriptions = await tx.select({ id: pushSubscriptions.id }).from(pushSubscriptions).where(eq(pushSubscriptions.personId, o.person.id));
    if (subscriptions.length) {
      await tx.insert(notifications).values(subscriptions.map((s) => ({ ...row, id: randomUUID(), channel: 'push' as const, subscriptionId: s.id, idempotencyKey: `${o.key}:push:${s.id}` })))
        .onConflictDoNothing({ target: notifications.idempotencyKey });
      queued.push('push');
    }
  }
  if (deps.channels?.sms && preferences.channels.includes('sms') && preferences.phone) {
    await tx.insert(notifications).values({ ...row, id: randomUUID(), channel: 'sms', phone: preferences.phone, idempotencyKey: `${o.key}:sms` }).onConflictDoNothing({ target: notifications.idempotencyKey });
    queued.push('sms');
  }
  return queued;
}
