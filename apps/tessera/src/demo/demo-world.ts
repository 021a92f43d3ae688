// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import { createStaff, seededRandom, type Clock, type Database, type Storage } from '@tessera/platform';
import {
  decideApplication, importApplications, recordPaymentEvent, specimenPassportScan, specimenPortrait, withdrawApplication,
  type ApplicationImport, type AuthorityDeps, type SubmittedApplication,
} from '@tessera/authority';
import { accessesOf } from '@tessera/exchange';
import { cardsByOrder, changeCardState, listCards, StatusChanges, type TrustDeps } from '@tessera/trust';
import { trustCardDesk } from '../card-desk.ts';
import { clientId, servicePath } from '../exchange/members.ts';
import { inProcessSandbox } from '../payment-sandbox/in-process-gateway.ts';
import type { WrappedKeyStore } from '@tessera/trust';
import { koreanApplicant } from './korean-applicants.ts';

export const DEMO_PASSWORD = 'tessera-demo-2026';

/** Staff of the demo world; all share one password, printed by `npm start`. */
export const DEMO_STAFF = [
  { username: 'officer.tamm', displayName: 'Mari Tamm', organisation: 'PBGB', roles: ['officer'], description: 'PBGB officer (vets and decides)' },
  { username: 'officer.kask', displayName: 'Jaan Kask', organisation: 'PBGB', roles: ['officer'], description: 'PBGB officer (second pair of eyes)' },
  { username: 'auditor.mets', displayName: 'Liis Mets', organisation: 'PBGB', roles: ['auditor'], description: 'PBGB auditor (reads, every read logged)' },
  { username: 'operator.ria', displayName: 'Kadri Saar', organisation: 'Information System Authority', roles: ['exchange_operator'], description: 'Exchange operator (registry, access rights)' },
  { username: 'issuer.admin', displayName: 'Eun-ji Yoon', organisation: 'Information System Authority', roles: ['issuer_admin'], description: 'Credential issuer administrator (types, issued credentials)' },
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
  /** The trust services' keys read through the demo world's transaction. */
  keyStoreOn: (db: Database) => Promise<WrappedKeyStore>;
  storage: Storage;
  clock: Clock;
  /** Where the payment provider's hosted pages are (the sandbox's own address). */
  paymentsUrl: string;
  /** The Social Insurance Board's gateway, for its eligibility checks over the exchange. */
  welfareGatewayUrl: string;
  /** Called as the world grows: what is being made, how many of how many. */
  progress?: (step: string, done: number, total: number) => void;
  /** Stops the load between steps (the process is stopping): the transaction rolls back. */
  signal?: AbortSignal;
}

export interface DemoWorld {
  applications: number;
  staff: number;
  cards: Record<string, number>;
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
  let world: Omit<DemoWorld, 'exchangeMessages'> = { applications: 0, staff: 0, cards: {} };
  if (state === 'empty') {
    const changed: string[] = [];
    world = await o.storage.db.transaction(async (outer) => {
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
 * The world's transaction as the flows see it: a flow's own transaction runs in it directly
 * instead of in a savepoint. Nothing inside the demo world recovers from a failed step (any
 * failure rolls the whole world back), so the savepoints would only cost two statements each.
 */
function oneTransaction(tx: Database): Database {
  const flat: Database = new Proxy(tx, {
    get: (target, key, receiver) => (key === 'transaction' ? (run: (inner: Database) => unknown) => run(flat) : Reflect.get(target, key, receiver)),
  });
  return flat;
}

/**
 * The world, inside its one transaction. How it is made fast, and how to add to it:
 * - Applications arrive through `importApplications`: the portal's own row builders (submit,
 *   payment, the provider's webhook, the automated checks) for all of them at once, in a few
 *   statements, with their payments recorded at the sandbox the same way (`recordPaidFees`).
 *   Walking three hundred applicants through the flows one by one took some ten thousand
 *   statements, most of the start.
 * - Only the steps that have no bulk path go through the flows one by one: officers' decisions
 *   (with their refunds and card orders, so every card is personalised with real keys and
 *   certificates signed by the issuing CAs) and the card states.
 * A further part of the world (the centre's Seoul pilot, say) is one more function called from
 * here with the same `deps` and `provider`: import its applications in one `importApplications`
 * call, then take the few steps that must stay real through the flows, and report its counts.
 * Everything it writes commits or rolls back with the rest.
 */
async function populate(o: DemoWorldOptions, tx: Database, trust: TrustDeps): Promise<Omit<DemoWorld, 'exchangeMessages'>> {
  const deps: AuthorityDeps = { ...o.deps, db: tx, cards: trustCardDesk(trust) };
  const provider = inProcessSandbox({ db: tx, clock: o.clock, publicUrl: o.paymentsUrl, receive: (event) => recordPaymentEvent(deps, event) });
  deps.payments = provider;
  const total = PLAN.reduce((sum, step) => sum + step.count, 0);
  o.progress?.('applications', 0, total);
  // Each password is hashed with scrypt on the thread pool while this thread draws the portraits below.
  const staff = Promise.all(DEMO_STAFF.map((s) => createStaff(tx, s, o.clock)));
  const random = seededRandom(2019_12_16);
  // A dozen portraits in different hues stand for three hundred faces; encoding each PNG anew (about 50 ms) would add 15 s to the start.
  const portraits = Array.from({ length: 12 }, (_, i) => specimenPortrait(600, 750, i * 30));
  const officers = (await staff).filter((_, i) => DEMO_STAFF[i]!.roles.includes('officer')).map((created) => created.id);
  const today = o.clock.now();
  const ends = PLAN.flatMap((step) => Array.from({ length: step.count }, () => step.end));
  const items: ApplicationImport[] = ends.map((end, i) => {
    const form = koreanApplicant(random, i + 1, today);
    return { form, files: { photo: { bytes: portraits[Math.floor(random() * portraits.length)]! }, passportScan: { bytes: specimenPassportScan(form.documentNumber) } }, paid: end !== 'unpaid' };
  });
  const submitted = await importApplications(deps, items, { recordPaidFees: (requests) => provider.recordPaidFees(requests) });
  o.progress?.('applications', total, total);
  o.signal?.throwIfAborted();

  const decided = ends.flatMap((end, i) => (end === 'unpaid' || end === 'review' ? [] : [{ end, application: submitted[i]! }]));
  for (const [i, { end, application }] of decided.entries()) {
    o.progress?.('decisions', i, decided.length);
    await takeToEnd(deps, provider, end, application, officers, random);
    o.signal?.throwIfAborted();
  }
  o.progress?.('decisions', decided.length, decided.length);
  const cards = await spreadCardStates(trust, random, (done, all) => {
    o.progress?.('cards', done, all);
    o.signal?.throwIfAborted();
  });
  return { applications: total, staff: DEMO_STAFF.length, cards };
}

/** The applicant's or the officers' steps after payment, through the flows: withdrawn, rejected, or approved once or twice. */
async function takeToEnd(
  deps: AuthorityDeps, provider: ReturnType<typeof inProcessSandbox>, end: (typeof PLAN)[number]['end'], submitted: SubmittedApplication, officers: string[], random: () => number,
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

/**
 * The approved applicants' cards, personalised on approval, in every state a register holds:
 * most handed over at the Seoul centre, some still waiting there, a few suspended, some revoked.
 */
async function spreadCardStates(trust: TrustDeps, random: () => number, progress: (done: number, total: number) => void): Promise<Record<string, number>> {
  const { items } = await listCards(trust.db, {}, { offset: 0, size: 1000 });
  const counts: Record<string, number> = {};
  for (const [i, card] of items.entries()) {
    progress(i, items.length);
    const roll = i < 20 ? 'waiting' : random() < 0.8 ? 'active' : random() < 0.5 ? 'suspended' : 'revoked';
    if (roll !== 'waiting') await changeCardState(trust, card.id, { action: 'activate' }, 'vfs.seoul');
    if (roll === 'suspended') await changeCardState(trust, card.id, { action: 'suspend' }, 'helpdesk');
    if (roll === 'revoked') await changeCardState(trust, card.id, { action: 'revoke', reason: random() < 0.5 ? 'lost' : 'stolen' }, 'officer.tamm');
    const state = roll === 'waiting' ? 'personalised' : roll;
    counts[state] = (counts[state] ?? 0) + 1;
  }
  return counts;
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
