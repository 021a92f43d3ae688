// SPDX-License-Identifier: Apache-2.0
import { and, eq, isNull, notInArray } from 'drizzle-orm';
import { ConsentRequired } from '../benefits-errors.ts';
import { DEFAULT_PREFERENCES, type Channel, type NotificationPreferences } from '../domain/proactive/notification-preferences.ts';
import { recordBenefitEvent, type BenefitsDeps } from './benefits-deps.ts';
import { notificationPreferences, notifications, people } from './schema.ts';
import type { Database } from '@tessera/platform';

/**
 * The person's channel choices, phone and quiet hours, in one transaction with its log event
 * (channels and whether quiet hours are set; never the phone number). A channel turned off
 * takes its waiting notifications with it: the choice holds from now on.
 */
export async function setNotificationPreferences(deps: Pick<BenefitsDeps, 'db' | 'clock' | 'channels'>, o: { subject: string; preferences: NotificationPreferences }): Promise<void> {
  const offered: Channel[] = ['email', ...(deps.channels?.push ? ['push' as const] : []), ...(deps.channels?.sms ? ['sms' as const] : [])];
  const channels = o.preferences.channels.filter((c) => offered.includes(c));
  await deps.db.transaction(async (tx) => {
    const [person] = await tx.select().from(people).where(eq(people.subject, o.subject)).for('update');
    if (!person?.tier) throw new ConsentRequired('Opt in to proactive benefits before choosing how to be told.');
    const now = deps.clock.now();
    const row = { channels, phone: o.preferences.phone, timeZone: o.preferences.timeZone, quietFrom: o.preferences.quiet?.from ?? null, quietUntil: o.preferences.quiet?.until ?? null, updatedAt: now };
    await tx.insert(notificationPreferences).values({ personId: person.id, ...row }).onConflictDoUpdate({ target: notificationPreferences.personId, set: row });
    const kept = channels.filter((c): c is 'push' | 'sms' => c !== 'email');
    await tx.delete(notifications).where(and(eq(notifications.personId, person.id), isNull(notifications.sentAt), ...(kept.length ? [notInArray(notifications.channel, kept)] : [])));
    await recordBenefitEvent(tx, deps.clock, { type: 'notifications.preferences-changed', subject: person.id, actor: 'person', data: { channels, quietHours: o.preferences.quiet !== null } });
  });
}

/** The person's choices, or the defaults when they never chose. */
export async function preferencesOf(db: Database, personId: string): Promise<NotificationPreferences> {
  const [row] = await db.select().from(notificationPreferences).where(eq(notificationPreferences.personId, personId));
  if (!row) return DEFAULT_PREFERENCES;
  return { channels: row.channels, phone: row.phone, timeZone: row.timeZone, quiet: row.quietFrom !== null && row.quietUntil !== null ? { from: row.quietFrom, until: row.quietUntil } : null };
}
