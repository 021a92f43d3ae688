// SPDX-License-Identifier: Apache-2.0
import { chooseConsent, personOverview, recordLifeEvent, type BenefitsDeps, type ConsentTier } from '@tessera/benefits';
import type { Locale } from '@tessera/platform';
import { clientId } from '../exchange/members.ts';

/**
 * People of the demo who opted in to proactive benefits, each with the consent they chose: the
 * agencies' demo registers give each a household (a mother of two, pensioners, young couples…)
 * from their identification code, so their offers and notifications differ.
 */
export const DEMO_BENEFIT_PEOPLE: ReadonlyArray<{ subject: string; name: string; tier: ConsentTier; email: string; locale: Locale }> = [
  { subject: 'EE49103150221', name: 'Min-seo Park', tier: 'extended', email: 'min-seo.park@example.org', locale: 'en' },
  { subject: 'EE35503120345', name: 'Young-ho Choi', tier: 'extended', email: 'young-ho.choi@example.org', locale: 'ko' },
  { subject: 'EE45108200278', name: 'Soon-ja Lee', tier: 'extended', email: 'soon-ja.lee@example.org', locale: 'ko' },
  { subject: 'EE38807230456', name: 'Ji-hoon Kang', tier: 'financial', email: 'ji-hoon.kang@example.org', locale: 'en' },
  { subject: 'EE49402110183', name: 'Hye-jin Yoon', tier: 'extended', email: 'hye-jin.yoon@example.org', locale: 'en' },
  { subject: 'EE39605050512', name: 'Dong-hyun Lim', tier: 'basic', email: 'dong-hyun.lim@example.org', locale: 'en' },
];

/**
 * The demo's benefits, written in one transaction: the people's consents (each with its receipt
 * and log event) and the tax board's new income assessment naming them all, as a life event.
 * Nothing waits on the exchange here: the service's life-event job evaluates them within seconds
 * of the start, asking the agencies over the exchange (so it shows in their data trackers),
 * recording their offers and putting the notifications in their inboxes, as it would for any
 * reported event. Written once: a later start finds the people and leaves them alone.
 */
export async function loadBenefitsDemo(deps: Pick<BenefitsDeps, 'db' | 'clock'>): Promise<{ people: number; loaded: boolean }> {
  if ((await personOverview(deps.db, DEMO_BENEFIT_PEOPLE[0]!.subject)).person) return { people: DEMO_BENEFIT_PEOPLE.length, loaded: false };
  await deps.db.transaction(async (tx) => {
    const within = { db: tx, clock: deps.clock };
    for (const p of DEMO_BENEFIT_PEOPLE) await chooseConsent(within, { subject: p.subject, tier: p.tier, email: p.email, locale: p.locale });
    await recordLifeEvent(within, { type: 'income-assessment', subjects: DEMO_BENEFIT_PEOPLE.map((p) => p.subject), reportedBy: clientId('tax') });
  });
  return { people: DEMO_BENEFIT_PEOPLE.length, loaded: true };
}
