// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { and, eq, notInArray } from 'drizzle-orm';
import { ValidationFailed, type Locale } from '@tessera/platform';
import type { ConsentTier } from '../domain/engine/types.ts';
import { tiersUpTo } from '../domain/proactive/consent-tiers.ts';
import { recordBenefitEvent, type BenefitsDeps } from './benefits-deps.ts';
import { consentReceipts, fetchedData, householdMembers, notificationPreferences, notifications, offers, people, pushSubscriptions } from './schema.ts';

export interface ConsentReceipt {
  readonly id: string;
  readonly personId: string;
  readonly fromTier: ConsentTier | null;
  readonly toTier: ConsentTier | null;
  readonly at: Date;
  readonly leafHash: string;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,200}\.[^\s@]{2,}$/;

/**
 * The person opts in, changes their tier or withdraws (tier null). One transaction writes the
 * choice, a receipt and its transparency-log event, and deletes whatever was fetched under a
 * tier no longer given, with the answers computed from it; withdrawing deletes it all.
 */
export async function chooseConsent(deps: Pick<BenefitsDeps, 'db' | 'clock'>, o: { subject: string; tier: ConsentTier | null; email?: string | undefined; locale: Locale }): Promise<ConsentReceipt> {
  if (o.tier !== null && o.email !== undefined && !EMAIL.test(o.email)) throw new ValidationFailed([{ code: 'email', path: '/email', message: 'Give an e-mail address such as name@example.org.' }]);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [existing] = await tx.select().from(people).where(eq(people.subject, o.subject)).for('update');
    if (!existing && o.tier === null) throw new ValidationFailed([{ code: 'tier', path: '/tier', message: 'There is no consent to withdraw.' }]);
    const personId = existing?.id ?? randomUUID();
    const fromTier = existing?.tier ?? null;
    const email = o.tier === null ? null : (o.email ?? existing?.email ?? null);
    if (existing) await tx.update(people).set({ tier: o.tier, email, locale: o.locale, updatedAt: now }).where(eq(people.id, personId));
    else await tx.insert(people).values({ id: personId, subject: o.subject, tier: o.tier, email, locale: o.locale, updatedAt: now });
    const kept = tiersUpTo(o.tier);
    await tx.delete(fetchedData).where(kept.length ? and(eq(fetchedData.personId, personId), notInArray(fetchedData.tier, kept)) : eq(fetchedData.personId, personId));
    if (o.tier === null) {
      await tx.delete(householdMembers).where(eq(householdMembers.personId, personId));
      // Offers applied for stay, as the application refers to them; the rest go with the data.
      // Nothing more is sent: the channels, phone number and browsers' subscriptions go too.
      await tx.delete(notifications).where(eq(notifications.personId, personId));
      await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.personId, personId));
      await tx.delete(notificationPreferences).where(eq(notificationPreferences.personId, personId));
      await tx.update(offers).set({ status: 'cannot-tell', amount: null, missing: [], consentsNeeded: ['basic'], explanation: '', evaluatedAt: now }).where(eq(offers.personId, personId));
    }
    const type = o.tier === null ? 'consent.withdrawn' : fromTier === null ? 'consent.given' : 'consent.changed';
    const { leafHash } = await recordBenefitEvent(tx, deps.clock, { type, subject: personId, actor: 'person', data: { from: fromTier, to: o.tier } });
    const receipt = { id: randomUUID(), personId, fromTier, toTier: o.tier, at: now, leafHash };
    await tx.insert(consentReceipts).values(receipt);
    return receipt;
  });
}
