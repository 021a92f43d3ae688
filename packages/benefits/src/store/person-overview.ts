// SPDX-License-Identifier: Apache-2.0
import { desc, eq } from 'drizzle-orm';
import type { Database } from '@tessera/platform';
import type { ConsentTier } from '../domain/engine/types.ts';
import type { FetchedRecord } from '../domain/proactive/data-plan.ts';
import { describeMember } from '../domain/proactive/describe-member.ts';
import { DEFAULT_PREFERENCES } from '../domain/proactive/notification-preferences.ts';
import { applications, consentReceipts, fetchedData, offers, people, pushSubscriptions } from './schema.ts';
import { preferencesOf } from './set-notification-preferences.ts';

/** Everything the person's own page shows: their consent and receipts, the answers, applications and what is kept about them. */
export async function personOverview(db: Database, subject: string) {
  const [person] = await db.select().from(people).where(eq(people.subject, subject));
  if (!person) return { person: null, receipts: [], offers: [], applications: [], kept: [], preferences: DEFAULT_PREFERENCES, pushSubscriptions: 0, member: (beneficiary: string) => describeMember(beneficiary, subject, []) } as const;
  const [receipts, answers, applied, kept, preferences, browsers] = await Promise.all([
    db.select().from(consentReceipts).where(eq(consentReceipts.personId, person.id)).orderBy(desc(consentReceipts.at)),
    db.select().from(offers).where(eq(offers.personId, person.id)).orderBy(offers.programme, offers.beneficiary),
    db.select().from(applications).where(eq(applications.personId, person.id)).orderBy(desc(applications.createdAt)),
    db.select({ source: fetchedData.source, subject: fetchedData.subject, tier: fetchedData.tier, fetchedAt: fetchedData.fetchedAt, inputs: fetchedData.inputs }).from(fetchedData).where(eq(fetchedData.personId, person.id)),
    preferencesOf(db, person.id),
    db.select({ id: pushSubscriptions.id }).from(pushSubscriptions).where(eq(pushSubscriptions.personId, person.id)),
  ]);
  return {
    person: { ...person, tier: person.tier },
    receipts,
    offers: answers.map((o) => ({ ...o, missing: o.missing as Array<{ label: string; holder: string; consent?: ConsentTier }>, consentsNeeded: o.consentsNeeded as ConsentTier[] })),
    applications: applied,
    kept: kept.map(({ inputs: _, ...k }) => k),
    preferences,
    /** Browsers that receive push notifications. */
    pushSubscriptions: browsers.length,
    /** Each household member named by relation and birth month, from the register's records kept. */
    member: (beneficiary: string) => describeMember(beneficiary, subject, kept.map((k) => ({ ...k, inputs: k.inputs as FetchedRecord['inputs'] }))),
  };
}

export type PersonOverview = Awaited<ReturnType<typeof personOverview>>;
