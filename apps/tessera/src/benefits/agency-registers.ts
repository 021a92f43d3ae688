// SPDX-License-Identifier: Apache-2.0
import { createHash, randomInt } from 'node:crypto';
import Type from 'typebox';
import { NotFound, type Clock, type Server } from '@tessera/platform';
import { DATA_SUBJECT_HEADER } from '@tessera/exchange';

type Values = Record<string, number | boolean | string | Record<string, number>>;
interface Person { code: string; household: string; inputs: Values }
interface Household { id: string; members: string[]; inputs: Values }

const SUBJECT = Type.String({ pattern: '^EE[1-6]\\d{10}$' });
const Query = Type.Object({ inputs: Type.String({ maxLength: 2000, pattern: '^[a-z0-9_,]*$' }) });

/**
 * The demo agencies' own information systems behind their gateways: the population register
 * (households, births), the tax board (income assessments and property-tax records) and the
 * Social Insurance Board's insurance register. Each person's records are derived the first time
 * the person is asked about, deterministically from their identification code, and kept in
 * memory; these stand for systems outside Tessera, which the benefits service reaches only over
 * the exchange. Each answers exactly the inputs asked for.
 */
export function agencyRegisters(o: { clock: Clock; notifyLifeEvent: (event: { type: 'birth'; subjects: string[] }) => Promise<void> }) {
  const people = new Map<string, Person>();
  const households = new Map<string, Household>();
  const bytes = (code: string) => createHash('sha256').update(code).digest();

  const birthMonthOf = (code: string) => {
    const century = { 1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000 }[Number(code[0])] ?? 1900;
    return `${century + Number(code.slice(1, 3))}-${code.slice(3, 5)}`;
  };
  const codeFor = (sexDigit: number, year: number, month: number, salt: number) =>
    `${sexDigit + (year >= 2000 ? 4 : 2)}${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(1 + (salt % 28)).padStart(2, '0')}${String(salt % 10_000).padStart(4, '0')}`;
  const adultIncome = (h: Buffer, age: number): Values => {
    const earned = age >= 65 ? 0 : 1_800_000 + (h.readUInt16BE(8) % 42) * 100_000;
    const other = age >= 65 ? 300_000 + (h[10]! % 10) * 50_000 : (h[11]! % 3) * 100_000;
    const year = o.clock.now().getUTCFullYear() - 1;
    return { earned_income_monthly: earned, other_income_monthly: other, total_income: { [String(year)]: 12 * (earned + other) } };
  };
  const ageOf = (birthMonth: string) => o.clock.now().getUTCFullYear() - Number(birthMonth.slice(0, 4));

  /** Creates the household of someone asked about for the first time: single, couple, or couple with children. */
  const personOf = (code: string): Person => {
    const known = people.get(code);
    if (known) return known;
    const h = bytes(code);
    const id = `hh-${code}`;
    const birth = birthMonthOf(code);
    const household: Household = { id, members: [code], inputs: {} };
    const add = (c: string, inputs: Values) => {
      people.set(c, { code: c, household: id, inputs: { birth_month: birthMonthOf(c), lives_apart_from_parents: false, studying: false, ...inputs } });
      if (!household.members.includes(c)) household.members.push(c);
    };
    add(code, { household_role: 1, ...adultIncome(h, ageOf(birth)) });
    const kind = h[0]! % 10;
    if (kind >= 4) {
      const year = Number(birth.slice(0, 4)) + (h[1]! % 5) - 2;
      const spouse = codeFor(Number(code[0]) % 2 === 1 ? 2 : 1, year, 1 + (h[2]! % 12), h.readUInt16BE(12));
      add(spouse, { household_role: 2, ...adultIncome(bytes(spouse), ageOf(birthMonthOf(spouse))) });
    }
    if (kind >= 7 && ageOf(birth) < 60) {
      for (let i = 0; i < 1 + (h[3]! % 2); i++) {
        const child = codeFor(1 + (h[4 + i]! % 2), Math.max(Number(birth.slice(0, 4)) + 25, o.clock.now().getUTCFullYear() - 1 - (h[6 + i]! % 12)), 1 + (h[8 + i]! % 12), h.readUInt16BE(14 + 2 * i));
        add(child, { household_role: 3, birth_order: i + 1, multiple_birth: 1, studying: ageOf(birthMonthOf(child)) >= 7 });
      }
    }
    const region = h[16]! % 3 === 0 ? 2 : 1;
    const homeowner = h[17]! % 2 === 0;
    household.inputs = {
      region, depopulating_area: region === 2 && h[18]! % 4 === 0, newlywed: kind >= 4 && ageOf(birth) < 38 && h[19]! % 2 === 0,
      property_value: 20_000_000 + (h.readUInt16BE(20) % 480) * 1_000_000, monthly_rent: homeowner ? 0 : 300_000 + (h[22]! % 12) * 50_000,
      homeowner, first_time_buyer: !homeowner && h[23]! % 3 !== 0,
    };
    households.set(id, household);
    return people.get(code)!;
  };
  const pick = (values: Values, inputs: string) => {
    const wanted = new Set(inputs.split(',').filter(Boolean));
    return Object.fromEntries(Object.entries(values).filter(([k]) => wanted.has(k)));
  };
  const subjectCode = (subject: string) => subject.slice(2);

  return {
    /** The register's clerk records a birth to a parent; the benefits service hears of it over the exchange. */
    async registerBirth(parentSubject: string): Promise<{ child: string }> {
      const parent = personOf(subjectCode(parentSubject));
      const household = households.get(parent.household)!;
      const now = o.clock.now();
      const children = household.members.filter((m) => people.get(m)!.inputs.household_role === 3);
      const code = codeFor(1 + randomInt(0, 2), now.getUTCFullYear(), now.getUTCMonth() + 1, randomInt(0, 10_000));
      people.set(code, { code, household: household.id, inputs: { household_role: 3, birth_month: birthMonthOf(code), birth_order: children.length + 1, multiple_birth: 1, studying: false, lives_apart_from_parents: false } });
      household.members.push(code);
      const parents = household.members.filter((m) => [1, 2].includes(people.get(m)!.inputs.household_role as number));
      await o.notifyLifeEvent({ type: 'birth', subjects: [...parents, code].map((c) => `EE${c}`) });
      return { child: `EE${code}` };
    },
    routes(server: Server) {
      const Params = Type.Object({ subject: SUBJECT });
      // Each answer names whose data it holds, as the provider gateway requires of personal-data services.
      server.get('/population/households/:subject', { schema: { params: Params, querystring: Query } }, async (request, reply) => {
        reply.header(DATA_SUBJECT_HEADER, request.params.subject);
        const person = personOf(subjectCode(request.params.subject));
        const household = households.get(person.household)!;
        return {
          residence: 'KR',
          household: pick(household.inputs, request.query.inputs),
          // Who lives there, but only the asked person's own facts: the others' are asked about them.
          members: household.members.map((m) => ({ subject: `EE${m}`, inputs: `EE${m}` === request.params.subject ? pick(people.get(m)!.inputs, request.query.inputs) : {} })),
        };
      });
      const answer = (path: string, release: (person: Person, inputs: string) => { person: Values } | { household: Values }) =>
        server.get(`${path}/:subject`, { schema: { params: Params, querystring: Query } }, async (request, reply) => {
          const released = release(personOf(subjectCode(request.params.subject)), request.query.inputs);
          reply.header(DATA_SUBJECT_HEADER, request.params.subject);
          return released;
        });
      answer('/tax/assessments', (p, inputs) => ({ person: pick(p.inputs, inputs) }));
      answer('/welfare/insurance', (p, inputs) => ({ person: pick(p.inputs, inputs) }));
      answer('/tax/property', (p, inputs) => ({ household: pick(households.get(p.household)!.inputs, inputs) }));
      server.post('/welfare/applications/:reference', {
        schema: { params: Type.Object({ reference: Type.String({ pattern: '^BA-\\d{4}-\\d{6}$' }) }), body: Type.Object({ programme: Type.String({ maxLength: 60 }), applicant: SUBJECT, beneficiary: Type.String({ maxLength: 43 }) }) },
      }, async (request, reply) => {
        if (!people.has(subjectCode(request.body.applicant))) throw new NotFound('The register knows no such applicant.');
        reply.header(DATA_SUBJECT_HEADER, request.body.applicant);
        return { agencyReference: `SKA-${request.params.reference.slice(3)}` };
      });
    },
  };
}

export type AgencyRegisters = ReturnType<typeof agencyRegisters>;
