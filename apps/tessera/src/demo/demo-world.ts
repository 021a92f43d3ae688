// SPDX-License-Identifier: Apache-2.0
import type { Clock, Storage } from '@tessera/platform';
import { decideApplication, specimenPassportScan, specimenPortrait, startPayment, submitApplication, withdrawApplication, type AuthorityDeps } from '@tessera/authority';
import { cardsByOrder, changeCardState, listCards, type TrustDeps } from '@tessera/trust';
import { clientId, servicePath } from '../exchange/members.ts';
import { koreanApplicant, seededRandom } from './korean-applicants.ts';

export const DEMO_PASSWORD = 'tessera-demo-2026';

/** Staff of the demo world; all share one password, printed by `npm start`. */
export const DEMO_STAFF = [
  { username: 'officer.tamm', displayName: 'Mari Tamm', organisation: 'PBGB', roles: ['officer'], centreId: null, description: 'PBGB officer (vets and decides)' },
  { username: 'officer.kask', displayName: 'Jaan Kask', organisation: 'PBGB', roles: ['officer'], centreId: null, description: 'PBGB officer (second pair of eyes)' },
  { username: 'auditor.mets', displayName: 'Liis Mets', organisation: 'PBGB', roles: ['auditor'], centreId: null, description: 'PBGB auditor (reads, every read logged)' },
  { username: 'operator.ria', displayName: 'Kadri Saar', organisation: 'Information System Authority', roles: ['exchange_operator'], centreId: null, description: 'Exchange operator (registry, access rights)' },
].map((s) => ({ ...s, password: DEMO_PASSWORD }));

/** Staff of the collection centre, accounts of the centre's own organisation (its own sign-in). */
export const DEMO_CENTRE_STAFF = [
  { username: 'vfs.seoul', displayName: 'Ji-woo Park', organisation: 'VFS Global', roles: ['operator'], centreId: 'seoul-vfs', description: 'VFS Global operator, Seoul centre (centre sign-in)' },
  { username: 'vfs.seoul.lead', displayName: 'Seo-yeon Choi', organisation: 'VFS Global', roles: ['supervisor'], centreId: 'seoul-vfs', description: 'VFS Global supervisor, Seoul centre (centre sign-in)' },
].map((s) => ({ ...s, password: DEMO_PASSWORD }));

/** How the few hundred Seoul applications are spread over the states, in order of their age. */
const PLAN: Array<{ count: number; end: 'unpaid' | 'review' | 'first_approval' | 'approved' | 'rejected' | 'withdrawn' }> = [
  { count: 110, end: 'approved' },
  { count: 18, end: 'rejected' },
  { count: 12, end: 'withdrawn' },
  { count: 14, end: 'first_approval' },
  { count: 120, end: 'review' },
  { count: 26, end: 'unpaid' },
];

export interface DemoWorldOptions {
  deps: AuthorityDeps;
  trust: TrustDeps;
  storage: Storage;
  /** The centre's own storage, for its staff accounts. */
  centreStorage: Storage;
  clock: Clock;
  createStaff: (db: Storage['db'], staff: { username: string; displayName: string; organisation: string; roles: string[]; centreId: string | null; password: string }, clock: Clock) => Promise<{ id: string }>;
  /** The Social Insurance Board's gateway, for its eligibility checks over the exchange. */
  welfareGatewayUrl: string;
  /** Completes a payment the way the applicant would on the provider's hosted page. */
  pay: (redirectUrl: string) => Promise<void>;
}

/**
 * The Seoul pilot: about three hundred Korean applicants (fictional, seeded so every start is
 * the same) taken through the real operations — submitted, paid at the payment provider, checked,
 * decided by the demo officers — so every row has its history and transparency-log events.
 */
export async function loadDemoWorld(o: DemoWorldOptions): Promise<{ applications: number; staff: number; cards: Record<string, number>; exchangeMessages: number }> {
  const officers: string[] = [];
  for (const s of DEMO_STAFF) {
    const created = await o.createStaff(o.storage.db, s, o.clock);
    if (s.roles.includes('officer')) officers.push(created.id);
  }
  for (const s of DEMO_CENTRE_STAFF) await o.createStaff(o.centreStorage.db, s, o.clock);
  const random = seededRandom(2019_12_16);
  // A dozen portraits in different hues stand for three hundred faces; encoding each PNG anew (about 50 ms) would add 15 s to the start.
  const portraits = Array.from({ length: 12 }, (_, i) => specimenPortrait(600, 750, i * 30));
  const today = o.clock.now();
  let n = 0;
  for (const step of PLAN) {
    for (let i = 0; i < step.count; i++) {
      n++;
      const form = koreanApplicant(random, n, today);
      const submitted = await submitApplication(o.deps, form, {
        photo: { bytes: portraits[Math.floor(random() * portraits.length)]! },
        passportScan: { bytes: specimenPassportScan(form.documentNumber) },
      });
      if (step.end === 'unpaid') continue;
      const { redirectUrl } = await startPayment(o.deps, submitted.statusToken);
      await o.pay(redirectUrl);
      if (step.end === 'withdrawn') {
        await withdrawApplication(o.deps, submitted.statusToken);
        continue;
      }
      if (step.end === 'review') continue;
      const [first, second] = random() < 0.5 ? [officers[0]!, officers[1]!] : [officers[1]!, officers[0]!];
      if (step.end === 'rejected') {
        await decideApplication(o.deps, submitted.id, first, { decision: 'reject', reason: 'purpose_not_legitimate', note: 'The business purpose could not be verified from the documents provided.' });
        continue;
      }
      const result = await decideApplication(o.deps, submitted.id, first, { decision: 'approve' });
      if (result.status === 'awaiting_second_approval' && step.end === 'approved') await decideApplication(o.deps, submitted.id, second, { decision: 'approve' });
    }
  }
  const cards = await spreadCardStates(o, random);
  return { applications: n, staff: DEMO_STAFF.length + DEMO_CENTRE_STAFF.length, cards, exchangeMessages: await checkEligibility(o) };
}


/**
 * The approved applicants' cards, personalised on approval, in every state a register holds:
 * most handed over at the Seoul centre, some still waiting there, a few suspended, some revoked.
 */
async function spreadCardStates(o: DemoWorldOptions, random: () => number): Promise<Record<string, number>> {
  const { items } = await listCards(o.trust.db, {}, { offset: 0, size: 1000 });
  const counts: Record<string, number> = {};
  for (const [i, card] of items.entries()) {
    const roll = i < 20 ? 'waiting' : random() < 0.8 ? 'active' : random() < 0.5 ? 'suspended' : 'revoked';
    if (roll !== 'waiting') await changeCardState(o.trust, card.id, { action: 'activate' }, 'vfs.seoul');
    if (roll === 'suspended') await changeCardState(o.trust, card.id, { action: 'suspend' }, 'helpdesk');
    if (roll === 'revoked') await changeCardState(o.trust, card.id, { action: 'revoke', reason: random() < 0.5 ? 'lost' : 'stolen' }, 'officer.tamm');
    const state = roll === 'waiting' ? 'personalised' : roll;
    counts[state] = (counts[state] ?? 0) + 1;
  }
  return counts;
}

/**
 * Traffic on the exchange that a data tracker can show: the Social Insurance Board checks, for
 * the first active card holders, their residence in the population register and their income
 * at the tax board, declaring whose data and why, as proactive benefits do.
 */
async function checkEligibility(o: DemoWorldOptions): Promise<number> {
  const { items } = await listCards(o.trust.db, { state: 'active' }, { offset: 0, size: 12 });
  const holders = [...(await cardsByOrder(o.trust.db, items.map((i) => i.orderReference))).values()].map((c) => c.holderCode);
  let sent = 0;
  for (const code of holders) {
    for (const path of [servicePath('population', `persons/${code}`), servicePath('tax', `income/${code}`)]) {
      const response = await fetch(o.welfareGatewayUrl + path, {
        headers: { 'X-Road-Client': clientId('welfare'), 'X-Tessera-Data-Subject': `EE${code}`, 'X-Tessera-Purpose': 'proactive check of benefit eligibility' },
      });
      if (!response.ok) throw new Error(`eligibility check failed: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
      sent++;
    }
  }
  return sent;
}
