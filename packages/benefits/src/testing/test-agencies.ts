// SPDX-License-Identifier: Apache-2.0
import type { InputValues } from '../domain/engine/case.ts';
import type { AgencyAnswer, AgencyPort, AgencyRequest } from '../domain/proactive/agency-data.ts';
import type { ApplicationPort, ApplicationToSend } from '../store/benefits-deps.ts';
import { AgencyUnavailable } from '../benefits-errors.ts';

/** A person as the test registers hold them: person inputs by agency, and household facts for the head. */
export interface RegisteredPerson {
  readonly household: string;
  readonly residence?: string;
  readonly inputs: InputValues;
}

/**
 * Stand-ins for the agencies' own systems behind the exchange, for this package's tests: each
 * answers only the inputs asked for, from its own records, and remembers every request.
 */
export function testAgencies(o: { people: Record<string, RegisteredPerson>; households: Record<string, InputValues> }) {
  const requests: AgencyRequest[] = [];
  let down = false;
  const pick = (values: InputValues, ids: readonly string[]) => Object.fromEntries(Object.entries(values).filter(([k]) => ids.includes(k)));
  const port: AgencyPort = {
    async fetch(request) {
      requests.push(request);
      if (down) throw new AgencyUnavailable('agency');
      const person = o.people[request.subject];
      if (!person) return null;
      const household = pick(o.households[person.household] ?? {}, request.inputs);
      if (request.source === 'population-register') {
        const members = Object.entries(o.people).filter(([, p]) => p.household === person.household).map(([subject, p]) => ({ subject, inputs: pick(p.inputs, request.inputs) }));
        return { residence: person.residence ?? 'KR', household, members } satisfies AgencyAnswer;
      }
      return { person: pick(person.inputs, request.inputs), household };
    },
  };
  const sent: ApplicationToSend[] = [];
  const intake: ApplicationPort & { failing: boolean } = {
    failing: false,
    async submit(application) {
      if (intake.failing) throw new AgencyUnavailable('application intake');
      sent.push(application);
      return { agencyReference: `AG-${sent.length}` };
    },
  };
  return { port, intake, requests, sent, people: o.people, setDown: (v: boolean) => (down = v) };
}
