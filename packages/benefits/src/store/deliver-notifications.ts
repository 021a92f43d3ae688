// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { retryDelayMs } from '@tessera/platform';
import { NotificationUndeliverable, PushSubscriptionGone } from '../benefits-errors.ts';
import { quietHoursOf } from '../domain/proactive/notification-preferences.ts';
import { releaseAt } from '../domain/proactive/quiet-hours.ts';
import { recordBenefitEvent, type BenefitsDeps } from './benefits-deps.ts';
import { notifications, pushSubscriptions } from './schema.ts';
import { preferencesOf } from './set-notification-preferences.ts';

/** How long a claimed notification is left to its sender before another process may try it. */
const CLAIM_LEASE_MS = 5 * 60_000;

export interface NotificationDeliveryReport {
  readonly sent: number;
  readonly failed: number;
  /** Push subscriptions the push service said are gone, now removed. */
  readonly expired: number;
  /** Notifications that came due inside the person's quiet hours (changed since queued) and were held to their end. */
  readonly held: number;
}

/**
 * Sends the push and SMS notifications that are due, never with a transaction open while the
 * push service or SMS operator is called: each is claimed in a short transaction (`FOR UPDATE
 * SKIP LOCKED`; the claim counts the attempt and leases it), committed, sent, and its outcome
 * recorded in another. A failure is retried with backoff until `maxAttempts`; a refusal for
 * good is not retried; a push subscription the push service says is gone (404/410) is removed,
 * with its log event. Delivery is at least once: the push topic and the SMS reference, both
 * stable across retries, let the push service and the operator drop a repeat.
 */
export async function deliverPendingNotifications(deps: Pick<BenefitsDeps, 'db' | 'clock' | 'channels'>, o: { batchSize?: number; maxAttempts?: number; signal?: AbortSignal } = {}): Promise<NotificationDeliveryReport> {
  const channels = [...(deps.channels?.push ? ['push' as const] : []), ...(deps.channels?.sms ? ['sms' as const] : [])];
  const report = { sent: 0, failed: 0, expired: 0, held: 0 };
  if (!channels.length) return report;
  const maxAttempts = o.maxAttempts ?? 8;
  for (let i = 0; i < (o.batchSize ?? 20) && !o.signal?.aborted; i++) {
    const claimed = await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const [n] = await tx.select().from(notifications)
        .where(and(isNull(notifications.sentAt), isNull(notifications.failedAt), lte(notifications.nextAttemptAt, now), inArray(notifications.channel, channels)))
        .orderBy(asc(notifications.nextAttemptAt)).limit(1).for('update', { skipLocked: true });
      if (!n) return null;
      // The person may have set quiet hours since this was queued, or a retry may fall in them.
      const release = releaseAt(now, quietHoursOf(await preferencesOf(tx, n.personId)));
      if (release > now) {
        await tx.update(notifications).set({ nextAttemptAt: release }).where(eq(notifications.id, n.id));
        return { held: true as const };
      }
      const [subscription] = n.subscriptionId ? await tx.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, n.subscriptionId)) : [];
      const attempts = n.attempts + 1;
      await tx.update(notifications).set({ attempts, nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) }).where(eq(notifications.id, n.id));
      return { held: false as const, n: { ...n, attempts }, subscription };
    });
    if (!claimed) break;
    if (claimed.held) {
      report.held++;
      continue;
    }
    const { n, subscription } = claimed;
    try {
      const { push, sms } = deps.channels ?? {};
      if (n.channel === 'push') {
        if (!subscription || !push) throw new NotificationUndeliverable('The subscription is gone.');
        await push.send({
          endpoint: subscription.endpoint, p256dh: subscription.p256dh, auth: subscription.auth, ttlSeconds: 86_400,
          payload: JSON.stringify({ title: n.title, body: n.body, url: n.url, lang: n.locale }),
          topic: createHash('sha256').update(n.idempotencyKey).digest('base64url').slice(0, 32),
        });
      } else {
        if (!sms || !n.phone) throw new NotificationUndeliverable('No SMS operator or phone number.');
        await sms.send({ to: n.phone, text: `${n.title}\n${n.body}\n${n.url}`, reference: n.id });
      }
    } catch (error) {
      const now = deps.clock.now();
      if (error instanceof PushSubscriptionGone && subscription) {
        await deps.db.transaction(async (tx) => {
          // Its waiting notifications go with it (on delete cascade).
          const removed = await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.id, subscription.id)).returning({ id: pushSubscriptions.id });
          if (removed.length) await recordBenefitEvent(tx, deps.clock, { type: 'push.subscription-expired', subject: subscription.id, actor: 'benefits', data: { person: n.personId } });
        });
        report.expired++;
        continue;
      }
      const giveUp = error instanceof NotificationUndeliverable || n.attempts >= maxAttempts;
      await deps.db.update(notifications).set({ lastError: describe(error), nextAttemptAt: new Date(now.getTime() + retryDelayMs(n.attempts)), ...(giveUp ? { failedAt: now } : {}) })
        .where(and(eq(notifications.id, n.id), isNull(notifications.sentAt)));
      report.failed++;
      continue;
    }
    // Once sent the text is the person's alone: the outbox keeps only that it went.
    await deps.db.update(notifications).set({ sentAt: deps.clock.now(), lastError: null, body: '', phone: null }).where(eq(notifications.id, n.id));
    report.sent++;
  }
  return report;
}

/** An error's class and code, never its message (a push service or operator may echo the endpoint or number). */
function describe(error: unknown): string {
  if (error instanceof NotificationUndeliverable || error instanceof PushSubscriptionGone) return error.code;
  const e = error instanceof Error ? error : new Error('unknown');
  return [e.name, 'code' in e && typeof e.code === 'string' ? e.code : undefined].filter(Boolean).join(' ');
}
