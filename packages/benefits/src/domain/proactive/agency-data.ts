// SPDX-License-Identifier: Apache-2.0
import type { InputValue, InputValues } from '../engine/case.ts';
import type { ConsentTier, DataSource, InputVariable } from '../engine/types.ts';
import { AgencyAnswerInvalid } from '../../benefits-errors.ts';

/** One request to the agency holding a source: whose data, which inputs exactly, and why. */
export interface AgencyRequest {
  readonly source: Exclude<DataSource, 'declared'>;
  /** The data subject (identification code with country prefix). */
  readonly subject: string;
  readonly inputs: readonly string[];
  readonly purpose: string;
}

/**
 * What an agency releases: the subject's own inputs, their household's inputs, and — from the
 * population register only — the members of their household and the jurisdiction they live in.
 */
export interface AgencyAnswer {
  readonly person?: InputValues;
  readonly household?: InputValues;
  readonly members?: ReadonlyArray<{ readonly subject: string; readonly inputs: InputValues }>;
  readonly residence?: string;
}

/** The agencies, reached over the exchange; `null` when the agency holds nothing on the subject. */
export interface AgencyPort {
  fetch(request: AgencyRequest): Promise<AgencyAnswer | null>;
}

const SUBJECT = /^[A-Z]{2}[A-Za-z0-9-]{1,40}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Checks an answer against what was asked: only the requested inputs, each of its declared
 * type, under a tier the person gave. Anything else fails the whole answer closed, so an agency
 * that releases more than it was asked for never has the extra used or kept.
 */
export function acceptAnswer(answer: unknown, o: { request: AgencyRequest; inputs: ReadonlyMap<string, InputVariable>; tiers: readonly ConsentTier[] }): AgencyAnswer {
  if (typeof answer !== 'object' || answer === null) throw new AgencyAnswerInvalid('The agency answered with no data object.');
  const a = answer as Record<string, unknown>;
  const asked = new Set(o.request.inputs);
  const values = (where: string, raw: unknown, entity: 'person' | 'household'): InputValues => {
    if (raw === undefined) return {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new AgencyAnswerInvalid(`${where} is not an object of input values.`);
    const out: Record<string, InputValue | Record<string, InputValue>> = {};
    for (const [id, value] of Object.entries(raw)) {
      const input = o.inputs.get(id);
      if (!input || !asked.has(id) || input.entity !== entity || input.source !== o.request.source) throw new AgencyAnswerInvalid(`${where}.${id} was not asked for.`);
      if (!o.tiers.includes(input.consent)) throw new AgencyAnswerInvalid(`${where}.${id} needs a consent the person has not given.`);
      out[id] = typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).map(([period, v]) => [checkPeriod(where, id, period), checkValue(where, input, v)]))
        : checkValue(where, input, value);
    }
    return out;
  };
  const members = a.members === undefined ? undefined : Array.isArray(a.members) && o.request.source === 'population-register'
    ? a.members.map((m: unknown, i) => {
      const member = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
      if (typeof member.subject !== 'string' || !SUBJECT.test(member.subject)) throw new AgencyAnswerInvalid(`members/${i} has no valid subject.`);
      return { subject: member.subject, inputs: values(`members/${i}`, member.inputs, 'person') };
    })
    : fail('members come only from the population register, as a list.');
  if (a.residence !== undefined && (typeof a.residence !== 'string' || !/^[A-Z]{2}$/.test(a.residence))) throw new AgencyAnswerInvalid('residence is not a country code.');
  return {
    person: values('person', a.person, 'person'),
    household: values('household', a.household, 'household'),
    ...(members ? { members } : {}),
    ...(typeof a.residence === 'string' ? { residence: a.residence } : {}),
  };
}

function fail(message: string): never {
  throw new AgencyAnswerInvalid(message);
}

function checkPeriod(where: string, id: string, period: string): string {
  if (!/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(period)) fail(`${where}.${id} has a bad period ${period.slice(0, 20)}.`);
  return period;
}

function checkValue(where: string, input: InputVariable, value: unknown): InputValue {
  if (input.month) return typeof value === 'string' && MONTH.test(value) ? value : fail(`${where}.${input.id} is not a month (YYYY-MM).`);
  if (input.type === 'boolean') return typeof value === 'boolean' ? value : fail(`${where}.${input.id} is not true or false.`);
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(`${where}.${input.id} is not a number.`);
}
