// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import { createStaff, hashPassword, ManualClock, seededRandom, type Clock, type Database, type Storage } from '@tessera/platform';
import {
  decideApplication, importApplications, orderCards, recordPaymentEvent, specimenPassportScan, specimenPortrait, withdrawApplication,
  type ApplicationImport, type AuthorityDeps, type SubmittedApplication,
} from '@tessera/authority';
import { accessesOf } from '@tessera/exchange';
import { cardsByOrder, changeCardState, listCards, StatusChanges, type TrustDeps } from '@tessera/trust';
import type { CentreDeps } from '@tessera/centre';
import { trustCardDesk } from '../card-desk.ts';
import { oneTransaction } from '../one-transaction.ts';
import { clientId, servicePath } from '../exchange/members.ts';
import { inProcessSandbox } from '../payment-sandbox/in-process-gateway.ts';
import type { WrappedKeyStore } from '@tessera/trust';
import { koreanApplicant } from './korean-applicants.ts';
import { planCentreWorld, writeAuthoritySide, writeCentreSide, writeLogClaims, type CardFate, type DemoCard } from './centre-world.ts';

export const DEMO_PASSWORD = 'tessera-demo-2026';

let hashedDemoPassword: Promise<string> | undefined;
/**
 * The demo password hashed once for every demo account (the authority's and the centres'): it is
 * printed in the banner, so a shared salt gives nothing away, and each scrypt run is ~100 ms of CPU.
 */
export function demoPasswordHash(): Promise<string> {
  hashedDemoPassword ??= hashPassword(DEMO_PASSWORD);
  return hashedDemoPassword;
}

/** Staff of the demo world; all share one password, printed by `npm start`. */
export const DEMO_STAFF = [
  { username: 'officer.tamm', displayName: 'Mari Tamm', organisation: 'PBGB', roles: ['officer'], description: 'PBGB officer (vets and decides)' },
  { username: 'officer.kask', displayName: 'Jaan Kask', organisation: 'PBGB', roles: ['officer'], description: 'PBGB officer (second pair of eyes)' },
  { username: 'auditor.mets', displayName: 'Liis Mets', organisation: 'PBGB', roles: ['auditor'], description: 'PBGB auditor (reads, every read logged)' },
  { username: 'operator.ria', displayName: 'Kadri Saar', organisation: 'Information System Authority', roles: ['exchange_operator'], description: 'Exchange operator (registry, access rights)' },
  { username: 'issuer.admin', displayName: 'Eun-ji Yoon', organisation: 'Information System Authority', roles: ['issuer_admin'], description: 'Credential issuer administrator (types, issued credentials)' },
  // The benefits package's own role: programmes, their tests and previews on synthetic people, no one's personal data.
  { username: 'author.han', displayName: 'Seo-yeon Han', organisation: 'Ministry of Health and Welfare', roles: ['policy_author'], description: 'Benefits policy author (programmes, tests, previews on the synthetic population)' },
].map((s) => ({ ...s, password: DEMO_PASSWORD }));

type End = 'unpaid' | 'review' | 'first_approval' | 'approved' | 'rejected' | 'withdrawn';
/**
 * The pilot's first month: a week's applications at a time (oldest first), each week's decided
 * two days after it came in; the older the week, the more of it is decided.
 */
const WEEKS: Array<Record<End, number>> = [
  { approved: 44, rejected: 6, withdrawn: 3, first_approval: 0, review: 20, unpaid: 2 },
  { approved: 39, rejected: 6, withdrawn: 3, first_approval: 2, review: 21, unpaid: 4 },
  { approved: 27, rejected: 4, withdrawn: 3, first_approval: 4, review: 31, unpaid: 6 },
  { approved: 12, rejected: 2, withdrawn: 3, first_approval: 8, review: 36, unpaid: 14 },
];
const DAY = 86_400_000;
/**
 * Where the approved cards of the month got to, in the order they were approved: Seoul's, and
 * the second centre's (the last of each week's approvals, two of the last week's). Each card is
 * personalised with real keys and certificates, so the pipeline is kept to a few of each.
 */
const SEOUL_FATES: CardFate[] = [...Array<CardFate>(100).fill('handed_over'), ...Array<CardFate>(5).fill('booked'), ...Array<CardFate>(5).fill('in_stock'), ...Array<CardFate>(4).fill('in_transit'), ...Array<CardFate>(3).fill('at_bureau')];
const SECOND_FATES: CardFate[] = ['handed_over', 'handed_over', 'booked', 'in_stock', 'in_transit'];
export const SECOND_CENTRE = 'dubai-vfs';

export interface DemoWorldOptions {
  deps: AuthorityDeps;
  trust: TrustDeps;
  /** The trust services' keys read through the demo world's transaction. */
  keyStoreOn: (db: Database) => Promise<WrappedKeyStore>;
  storage: Storage;
  clock: Clock;
  /** Where the payment provider's hosted pages are (the sandbox's own address). */
  paymentsUrl: string;
  /** The Social Insurance Board's gateway, for its eligibility checks over the exchange. */
  welfareGatewayUrl: string;
  /** The partner collection centre: its own storage, where its side of the month goes. */
  centre: CentreDeps;
  /** Each centre's operators (their account ids at the centre), who check cards in and hand them over. */
  centreOperators: Record<string, string[]>;
  /** Called as the world grows: what is being made, how many of how many. */
  progress?: (step: string, done: number, total: number) => void;
  /** Stops the load between steps (the process is stopping): the transaction rolls back. */
  signal?: AbortSignal;
}

export interface DemoWorld {
  applications: number;
  staff: number;
  cards: Record<string, number>;
  /** The cards' ways through the centres: how many were handed over, are booked, in stock, in transit, still at the bureau. */
  centres: Record<string, Record<string, number>>;
  exchangeMessages: number;
}

/**
 * What the storage holds: nothing yet (the demo may be loaded), the demo world (committed as a
 * whole: its staff exist only with everything else), or a world of someone's own, left alone.
 */
export async function demoWorldState(db: Database): Promise<'empty' | 'demo' | 'other'> {
  // Both drivers answer a raw query with { rows }.
  const result = (await db.execute(sql`select
    exists(select 1 from platform_auth.staff) as staff,
    exists(select 1 from platform_auth.staff where username = ${DEMO_STAFF[0]!.username}) as demo,
    exists(select 1 from authority.applications) as applications`)) as unknown as { rows: Array<{ staff: boolean; demo: boolean; applications: boolean }> };
  const row = result.rows[0]!;
  if (row.demo) return 'demo';
  return row.staff || row.applications ? 'other' : 'empty';
}

/**
 * Loads the Seoul pilot into empty storage. The world itself — staff, applications, payments at
 * the provider, decisions, cards and every history row and transparency-log event — is written
 * in ONE transaction, so a start killed at any moment leaves either nothing or all of it. Then
 * the exchange traffic, which goes through the gateways and so cannot share that transaction, is
 * completed: each check is made only if its access is not recorded yet, so a start killed while
 * it ran finishes it on the next start. Returns null when the storage holds another world.
 */
export async function loadDemoWorld(o: DemoWorldOptions): Promise<(DemoWorld & { loaded: boolean }) | null> {
  const state = await demoWorldState(o.storage.db);
  if (state === 'other') return null;
  let world: Omit<DemoWorld, 'exchangeMessages'> = { applications: 0, staff: 0, cards: {}, centres: {} };
  if (state === 'empty') {
    const changed: string[] = [];
    world = await o.storage.db.transaction(async (outer) => {
      // Nothing inside the demo world recovers from a failed step: its flows' transactions run in this one directly.
      const tx = oneTransaction(outer);
      // Status changes are announced (OCSP cache, CRL re-signing) only once the world is committed.
      const statusChanges = new StatusChanges();
      statusChanges.onChange((serial) => changed.push(serial));
      const trust: TrustDeps = { ...o.trust, db: tx, keyStore: await o.keyStoreOn(tx), statusChanges };
      return populate(o, tx, trust);
    });
    o.trust.statusChanges.notify(changed);
  }
  const exchangeMessages = await checkEligibility(o);
  return { ...world, exchangeMessages, loaded: state === 'empty' };
}

/**
 * The world, inside its one transaction. How it is made fast, and how to add to it:
 * - Applications arrive through `importApplications`, a week at a time: the portal's own row
 *   builders (submit, payment, the provider's webhook, the automated checks) for all of them at
 *   once, in a few statements, with their payments recorded at the sandbox the same way
 *   (`recordPaidFees`). Walking three hundred applicants through the flows one by one took some
 *   ten thousand statements, most of the start.
 * - Officers' decisions go through the flows one by one (with their refunds); each day's approved
 *   cards are then ordered as one personalisation run (`orderCards`), so every card has real keys
 *   and certificates signed by the issuing CAs without a register round trip per card.
 * - The cards' month at the centres — manifests, check-ins, bookings, guided handovers with the
 *   identity released, the sample compared by the authority's matcher and the card activated —
 *   arrives through `importCentreCustody` (the authority's flows' row builders) here and
 *   `importCards` (the centre's) in the centre's own storage, committed just before this.
 * The world's clock starts a month ago and moves through it; the card issuer keeps the real
 * clock (its CAs were made today, and no certificate may start before its issuer's).
 */
async function populate(o: DemoWorldOptions, tx: Database, trust: TrustDeps): Promise<Omit<DemoWorld, 'exchangeMessages'>> {
  const today = o.clock.now();
  const monthAgo = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 30, 1));
  const clock = new ManualClock(monthAgo);
  const deps: AuthorityDeps = { ...o.deps, db: tx, clock, cards: trustCardDesk(trust) };
  const provider = inProcessSandbox({ db: tx, clock, publicUrl: o.paymentsUrl, receive: (event) => recordPaymentEvent(deps, event) });
  deps.payments = provider;
  const total = WEEKS.reduce((sum, week) => sum + Object.values(week).reduce((a, b) => a + b, 0), 0);
  o.progress?.('applications', 0, total);
  // The password is hashed with scrypt on the thread pool while this thread draws the portraits below.
  const passwordHash = demoPasswordHash();
  const staff = passwordHash.then((hash) => Promise.all(DEMO_STAFF.map((s) => createStaff(tx, { ...s, passwordHash: hash }, clock))));
  const random = seededRandom(2019_12_16);
  // A dozen portraits in different hues stand for three hundred faces; encoding each PNG anew (about 50 ms) would add 15 s to the start.
  const portraits = Array.from({ length: 12 }, (_, i) => specimenPortrait(600, 750, i * 30));
  const officers = (await staff).filter((_, i) => DEMO_STAFF[i]!.roles.includes('officer')).map((created) => created.id);
  const second = o.centre.centres.some((c) => c.code === SECOND_CENTRE && c.live) ? SECOND_CENTRE : null;
  const approved: Array<{ application: SubmittedApplication; item: ApplicationImport; week: number }> = [];
  let done = 0;
  for (const [week, plan] of WEEKS.entries()) {
    clock.set(new Date(monthAgo.getTime() + week * 7 * DAY));
    const ends = (Object.entries(plan) as Array<[End, number]>).flatMap(([end, count]) => Array<End>(count).fill(end));
    const approvals = ends.filter((e) => e === 'approved').length;
    let approval = 0;
    const items: ApplicationImport[] = ends.map((end, i) => {
      const form = koreanApplicant(random, done + i + 1, clock.now());
      // The last of each week's approved applicants (two of the last week's) live in Dubai and collect there.
      if (end === 'approved' && second && approval++ >= approvals - (week === WEEKS.length - 1 ? 2 : 1)) Object.assign(form, { pickupLocation: second, residenceCountry: 'AE' });
      return { form, files: { photo: { bytes: portraits[Math.floor(random() * portraits.length)]! }, passportScan: { bytes: specimenPassportScan(form.documentNumber) } }, paid: end !== 'unpaid' };
    });
    const submitted = await importApplications(deps, items, { recordPaidFees: (requests) => provider.recordPaidFees(requests) });
    done += items.length;
    o.progress?.('applications', done, total);
    o.signal?.throwIfAborted();
    // The officers decide the week's applications two days later, one after another.
    clock.set(new Date(monthAgo.getTime() + (week * 7 + 2) * DAY));
    // Their cards are ordered once the day's decisions are made, as one personalisation run.
    const deciding: AuthorityDeps = { ...deps, cards: undefined };
    const approvedNow: string[] = [];
    for (const [i, end] of ends.entries()) {
      if (end === 'unpaid' || end === 'review') continue;
      clock.advance(4 * 60_000);
      await takeToEnd(deciding, provider, end, submitted[i]!, officers, random);
      if (end === 'approved') {
        approved.push({ application: submitted[i]!, item: items[i]!, week });
        approvedNow.push(submitted[i]!.id);
      }
      o.signal?.throwIfAborted();
    }
    await orderCards(deps, approvedNow);
    o.progress?.('decisions', approved.length, WEEKS.reduce((sum, w) => sum + w.approved, 0));
  }

  const issued = await cardsByOrder(tx, approved.map((a) => a.application.reference));
  const fates = { 'seoul-vfs': [...SEOUL_FATES], ...(second ? { [second]: [...SECOND_FATES] } : {}) } as Record<string, CardFate[]>;
  const todayAt = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 1));
  const cards: DemoCard[] = approved.map(({ application, item, week }) => {
    const card = issued.get(application.reference)!;
    const fate = fates[card.pickupLocation]?.shift() ?? 'at_bureau';
    return {
      reference: application.reference, documentNumber: card.documentNumber, collectBy: card.collectBy, holderCode: card.holderCode, location: card.pickupLocation,
      name: `${item.form.givenNames} ${item.form.surname}`, photo: new Uint8Array(item.files.photo.bytes), fate,
      // Each week's cards leave the bureau four days after its decisions; those still in transit left yesterday.
      shippedOn: fate === 'in_transit' ? new Date(todayAt.getTime() - DAY) : new Date(monthAgo.getTime() + (week * 7 + 4) * DAY),
    };
  });
  o.progress?.('handovers', 0, cards.length);
  const plan = planCentreWorld({ cards, centres: o.centre, operators: o.centreOperators, now: today, random });
  await writeAuthoritySide(deps, plan);
  o.progress?.('handovers', cards.length, cards.length);
  o.signal?.throwIfAborted();
  await laterCardEvents(trust, cards, random);
  o.signal?.throwIfAborted();
  await writeLogClaims(deps, plan, await writeCentreSide(o.centre, plan));

  const { items } = await listCards(trust.db, {}, { offset: 0, size: 1000 });
  const counts: Record<string, number> = {};
  for (const card of items) counts[card.state] = (counts[card.state] ?? 0) + 1;
  const centres: Record<string, Record<string, number>> = {};
  for (const card of cards) (centres[card.location] ??= {})[card.fate] = (centres[card.location]![card.fate] ?? 0) + 1;
  return { applications: total, staff: DEMO_STAFF.length, cards: counts, centres };
}

/** The applicant's or the officers' steps after payment, through the flows: withdrawn, rejected, or approved once or twice. */
async function takeToEnd(
  deps: AuthorityDeps, provider: ReturnType<typeof inProcessSandbox>, end: End, submitted: SubmittedApplication, officers: string[], random: () => number,
): Promise<void> {
  if (end === 'withdrawn') {
    await withdrawApplication(deps, submitted.statusToken);
    await provider.deliverWebhooks();
    return;
  }
  const [first, second] = random() < 0.5 ? [officers[0]!, officers[1]!] : [officers[1]!, officers[0]!];
  if (end === 'rejected') {
    await decideApplication(deps, submitted.id, first, { decision: 'reject', reason: 'purpose_not_legitimate', note: 'The business purpose could not be verified from the documents provided.' });
    await provider.deliverWebhooks();
    return;
  }
  const result = await decideApplication(deps, submitted.id, first, { decision: 'approve' });
  if (result.status === 'awaiting_second_approval' && end === 'approved') await decideApplication(deps, submitted.id, second, { decision: 'approve' });
}

/** Since the handovers, as a register holds them: a few holders reported their card lost (suspended), a few stolen or lost for good (revoked). */
async function laterCardEvents(trust: TrustDeps, cards: readonly DemoCard[], random: () => number): Promise<void> {
  const handed = cards.filter((c) => c.fate === 'handed_over');
  const ids = await cardsByOrder(trust.db, handed.map((c) => c.reference));
  for (const [i, card] of handed.entries()) {
    if (i % 14 !== 5) continue;
    const id = ids.get(card.reference)!.id;
    if (i % 28 === 5) await changeCardState(trust, id, { action: 'suspend' }, 'helpdesk');
    else await changeCardState(trust, id, { action: 'revoke', reason: random() < 0.5 ? 'lost' : 'stolen' }, 'officer.tamm');
  }
}

/**
 * Traffic on the exchange that a data tracker can show: the Social Insurance Board checks, for
 * the first active card holders, their residence in the population register and their income
 * at the tax board, declaring whose data and why, as proactive benefits do. A check whose access
 * the provider already recorded is not repeated, so a start killed half-way finishes the rest.
 * Returns how many checks the world holds.
 */
async function checkEligibility(o: DemoWorldOptions): Promise<number> {
  const { items } = await listCards(o.trust.db, { state: 'active' }, { offset: 0, size: 12 });
  const holders = [...(await cardsByOrder(o.trust.db, items.map((i) => i.orderReference))).values()].map((c) => c.holderCode);
  const checks = holders.flatMap((code) => ([['population', 'persons'], ['tax', 'income']] as const).map(([member, service]) => ({ code, member, service })));
  // Later starts may find other cards active (handovers, suspensions since): the world's traffic is
  // complete once the provider side recorded as many checks as a full run makes, whoever they were for.
  const made = (await o.storage.db.execute(sql`select count(*)::int as n from exchange_tracker.data_access
    where side = 'provider' and client = ${clientId('welfare')}`)) as unknown as { rows: Array<{ n: number }> };
  if (made.rows[0]!.n >= checks.length) return checks.length;
  const missing: typeof checks = [];
  for (const c of checks) {
    const recorded = await accessesOf(o.storage.db, `EE${c.code}`, { offset: 0, size: 50 });
    if (!recorded.items.some((a) => a.service === `${clientId(c.member)}/${c.service}` && a.client === clientId('welfare'))) missing.push(c);
  }
  let sent = 0;
  const send = async ({ code, member, service }: (typeof checks)[number]) => {
    o.signal?.throwIfAborted();
    const response = await fetch(o.welfareGatewayUrl + servicePath(member, `${service}/${code}`), {
      headers: { 'X-Road-Client': clientId('welfare'), 'X-Tessera-Data-Subject': `EE${code}`, 'X-Tessera-Purpose': 'proactive check of benefit eligibility' },
    });
    if (!response.ok) throw new Error(`eligibility check failed: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    o.progress?.('exchange messages', ++sent, missing.length);
  };
  // A few at a time, as a benefits service asks: each waits mostly on the gateways' signing and logging.
  let next = 0;
  const worker = async () => {
    while (next < missing.length) await send(missing[next++]!);
  };
  if (missing.length > 0) o.progress?.('exchange messages', 0, missing.length);
  await Promise.all(Array.from({ length: 4 }, worker));
  return checks.length;
}
