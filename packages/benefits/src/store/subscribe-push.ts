// SPDX-License-Identifier: Apache-2.0
import { expectRow } from '@tessera/platform';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { ConsentRequired, PushSubscriptionInvalid } from '../benefits-errors.ts';
import { checkPushSubscription } from '../domain/proactive/notification-preferences.ts';
import { recordBenefitEvent, type BenefitsDeps } from './benefits-deps.ts';
import { people, pushSubscriptions } from './schema.ts';

/**
 * Keeps a browser's push subscription for the signed-in person, after checking it (an allowed
 * push service's https endpoint, a P-256 key that is a point on the curve, a 16-byte secret).
 * One transaction with its log event; a browser subscribing again replaces its keys, and an
 * endpoint another person had moves to this one (one browser profile, one subscription).
 */
export async function subscribePush(deps: Pick<BenefitsDeps, 'db' | 'clock' | 'channels'>, o: { subject: string; subscription: { endpoint: string; keys: { p256dh: string; auth: string } } }): Promise<{ id: string }> {
  const push = deps.channels?.push;
  if (!push) throw new PushSubscriptionInvalid('Push notifications are not offered here.');
  const s = checkPushSubscription(o.subscription, push.pushServices);
  try {
    await crypto.subtle.importKey('raw', Buffer.from(s.p256dh, 'base64url'), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  } catch {
    throw new PushSubscriptionInvalid('The subscription key is not a point on P-256.');
  }
  return deps.db.transaction(async (tx) => {
    const [person] = await tx.select().from(people).where(eq(people.subject, o.subject)).for('update');
    if (!person?.tier) throw new ConsentRequired('Opt in to proactive benefits before turning on notifications.');
    const now = deps.clock.now();
    const row = expectRow(await tx.insert(pushSubscriptions).values({ id: randomUUID(), personId: person.id, endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth, createdAt: now })
      .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: { personId: person.id, p256dh: s.p256dh, auth: s.auth, createdAt: now } }).returning({ id: pushSubscriptions.id }));
    await recordBenefitEvent(tx, deps.clock, { type: 'push.subscribed', subject: row.id, actor: 'person', data: { person: person.id, service: new URL(s.endpoint).hostname } });
    return { id: row.id };
  });
}

/** The person turns push off in a browser: its subscription goes, with what was waiting for it. */
export async function unsubscribePush(deps: Pick<BenefitsDeps, 'db' | 'clock'>, o: { subject: string; endpoint: string }): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const [person] = await tx.select().from(people).where(eq(people.subject, o.subject));
    if (!person) return false;
    const endpoint = URL.canParse(o.endpoint) ? new URL(o.endpoint).toString() : o.endpoint;
    const removed = await tx.delete(pushSubscriptions).where(and(eq(pushSubscriptions.personId, person.id), eq(pushSubscriptions.endpoint, endpoint))).returning({ id: pushSubscriptions.id });
    for (const r of removed) await recordBenefitEvent(tx, deps.clock, { type: 'push.unsubscribed', subject: r.id, actor: 'person', data: { person: person.id } });
    return removed.length > 0;
  });
}
