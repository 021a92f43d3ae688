// SPDX-License-Identifier: Apache-2.0
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import { isLocale, type Locale } from '@tessera/platform';
import { compileRules } from '../domain/engine/compile-rules.ts';
import { monthOf, monthIndex } from '../domain/engine/period.ts';
import type { InputVariable } from '../domain/engine/types.ts';
import { acceptAnswer, type AgencyRequest } from '../domain/proactive/agency-data.ts';
import { ConsentRequired } from '../benefits-errors.ts';
import { tiersUpTo } from '../domain/proactive/consent-tiers.ts';
import { agencyRequests, householdCase, inputsOf, recordsOf, registerRequest, type FetchedRecord } from '../domain/proactive/data-plan.ts';
import { describeMember } from '../domain/proactive/describe-member.ts';
import { evaluateHousehold, type ProgrammeAnswer } from '../domain/proactive/evaluate-household.ts';
import { offerMail, offerNotice, type EvaluationReason } from '../domain/proactive/offer-mail.ts';
import { recordBenefitEvent, type BenefitsDeps } from './benefits-deps.ts';
import { queueNotifications } from './queue-notifications.ts';
import { fetchedData, householdMembers, offers, people } from './schema.ts';

export interface Reevaluation {
  readonly personId: string;
  readonly period: string;
  readonly answers: readonly ProgrammeAnswer[];
  /** `programme/beneficiary` keys that became eligible, or stopped being eligible, with this run. */
  readonly became: readonly string[];
  readonly stopped: readonly string[];
}

/**
 * Evaluates every programme for a person who opted in and their household: fetches from each
 * agency over the exchange exactly the inputs their consent allows (each request declaring the
 * data subject and purpose, so it shows in that subject's data tracker), runs the rules, and in
 * one transaction keeps the data and answers, logs the evaluation, and queues a notification of
 * what newly became available. Network calls happen before the transaction, never inside it.
 */
export async function reevaluatePerson(deps: BenefitsDeps, subject: string, reason: EvaluationReason): Promise<Reevaluation> {
  const [person] = await deps.db.select().from(people).where(eq(people.subject, subject));
  if (!person?.tier) throw new ConsentRequired('The person has not consented to proactive benefits.');
  const tiers = tiersUpTo(person.tier);
  const period = monthOf(monthIndex(deps.clock.now().toISOString().slice(0, 7)));
  // The register is asked for what any programme reads; the other agencies only for what the programmes of the person's jurisdiction read.
  const registerInputs = inputsOf(compileRules(deps.programmes, period));
  const purpose = `proactive benefits eligibility (${reason})`;

  const fetchOne = async (request: AgencyRequest, inputs: ReadonlyMap<string, InputVariable>): Promise<{ records: FetchedRecord[]; members?: string[]; residence?: string }> => {
    if (request.inputs.length === 0) return { records: [] };
    const answer = await deps.agencies.fetch(request);
    if (answer === null) return { records: [] };
    const accepted = acceptAnswer(answer, { request, inputs, tiers });
    return { records: recordsOf(request, accepted, inputs), ...(accepted.members ? { members: accepted.members.map((m) => m.subject) } : {}), ...(accepted.residence ? { residence: accepted.residence } : {}) };
  };
  const register = await fetchOne(registerRequest(registerInputs, tiers, subject, purpose), registerInputs);
  const members = [subject, ...(register.members ?? []).filter((m) => m !== subject)];
  // Another member's own register facts (age, role) are asked about them, as their own data
  // subject, so the read shows in their data tracker too — unless the register already gave them.
  const ownFacts = registerRequest(registerInputs, tiers, subject, purpose).inputs.filter((id) => registerInputs.get(id)!.entity === 'person');
  const memberFacts = await Promise.all(members.filter((m) => m !== subject && !register.records.some((r) => r.subject === m && Object.keys(r.inputs.person ?? {}).length))
    .map((m) => fetchOne({ source: 'population-register', subject: m, inputs: ownFacts, purpose }, registerInputs)));
  const residence = register.residence ?? person.residence;
  const programmes = deps.programmes.filter((p) => !residence || p.jurisdiction === residence);
  const graph = compileRules(programmes, period);
  const inputs = inputsOf(graph);
  const others = await Promise.all(agencyRequests(inputs, tiers, { subject, members, purpose }).map((r) => fetchOne(r, inputs)));
  const declared = (await deps.db.select().from(fetchedData).where(and(eq(fetchedData.personId, person.id), eq(fetchedData.source, 'declared'))))
    .filter((r) => tiers.includes(r.tier)).map((r) => ({ source: r.source, subject: r.subject, tier: r.tier, inputs: r.inputs as FetchedRecord['inputs'] }));
  const records = mergeRecords([...register.records, ...memberFacts.flatMap((o) => o.records), ...others.flatMap((o) => o.records), ...declared]);
  const answers = evaluateHousehold(graph, programmes, householdCase(members, records), tiers);

  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [locked] = await tx.select().from(people).where(eq(people.id, person.id)).for('update');
    // Consent changed while the agencies answered: what was fetched under the old choice is dropped.
    if (locked?.tier !== person.tier) throw new ConsentRequired('The consent changed during the evaluation; nothing was kept.');
    await tx.delete(fetchedData).where(and(eq(fetchedData.personId, person.id), ne(fetchedData.source, 'declared')));
    const fetched = records.filter((r) => r.source !== 'declared');
    if (fetched.length) await tx.insert(fetchedData).values(fetched.map((r) => ({ personId: person.id, source: r.source, subject: r.subject, tier: r.tier, inputs: r.inputs, fetchedAt: now })));
    await tx.delete(householdMembers).where(eq(householdMembers.personId, person.id));
    await tx.insert(householdMembers).values(members.map((m) => ({ personId: person.id, memberSubject: m })));
    if (register.residence && register.residence !== person.residence) await tx.update(people).set({ residence: register.residence }).where(eq(people.id, person.id));

    const before = new Map((await tx.select().from(offers).where(eq(offers.personId, person.id))).map((o) => [`${o.programme}/${o.beneficiary}`, o]));
    const became: string[] = [];
    const stopped: string[] = [];
    for (const a of answers) {
      const key = `${a.programme}/${a.beneficiary}`;
      const old = before.get(key);
      if (a.status === 'eligible' && old?.status !== 'eligible') became.push(key);
      if (a.status !== 'eligible' && old?.status === 'eligible') stopped.push(key);
      const row = { status: a.status, amount: a.amount, period, missing: a.missing, consentsNeeded: a.consentsNeeded, explanation: a.explanation, evaluatedAt: now };
      if (old) await tx.update(offers).set(row).where(eq(offers.id, old.id));
      else await tx.insert(offers).values({ id: randomUUID(), personId: person.id, programme: a.programme, beneficiary: a.beneficiary, ...row });
    }
    await recordBenefitEvent(tx, deps.clock, { type: 'evaluation.completed', subject: person.id, actor: 'benefits', data: { reason, period, tiers, eligible: answers.filter((a) => a.status === 'eligible').length, became: became.map(programmeOf), stopped: stopped.map(programmeOf) } });
    if (became.length) {
      const locale: Locale = isLocale(locked.locale) ? locked.locale : 'en';
      const newOffers = answers.filter((a) => became.includes(`${a.programme}/${a.beneficiary}`))
        .map((a) => ({ programme: deps.programmes.find((p) => p.id === a.programme)!, beneficiary: describeMember(a.beneficiary, subject, records), amount: a.amount }));
      const key = createHash('sha256').update(became.sort().join('\n')).digest('hex').slice(0, 32);
      await queueNotifications(tx, deps, {
        person: { id: person.id, email: locked.email, locale }, now, key: `benefits:${person.id}:${period}:${key}`,
        mail: offerMail(locale, { reason, link: deps.pageUrl, offers: newOffers }), notice: offerNotice(locale, { offers: newOffers }),
      });
      for (const k of became) {
        const [programme, beneficiary] = [programmeOf(k), k.slice(k.indexOf('/') + 1)];
        await tx.update(offers).set({ notifiedAt: now }).where(and(eq(offers.personId, person.id), eq(offers.programme, programme), eq(offers.beneficiary, beneficiary)));
      }
    }
    return { personId: person.id, period, answers, became, stopped };
  });
}

const programmeOf = (key: string) => key.slice(0, key.indexOf('/'));

/** One record per source, subject and tier (the unit kept), the values of repeated answers merged. */
function mergeRecords(records: readonly FetchedRecord[]): FetchedRecord[] {
  const out = new Map<string, FetchedRecord>();
  for (const r of records) {
    const key = `${r.source}\n${r.subject}\n${r.tier}`;
    const old = out.get(key);
    out.set(key, old ? { ...r, inputs: { person: { ...old.inputs.person, ...r.inputs.person }, household: { ...old.inputs.household, ...r.inputs.household } } } : r);
  }
  return [...out.values()];
}
