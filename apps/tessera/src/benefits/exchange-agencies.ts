// SPDX-License-Identifier: Apache-2.0
import type { AgencyPort, ApplicationPort } from '@tessera/benefits';
import { clientId, servicePath } from '../exchange/members.ts';
import { SOURCE_SERVICES } from './benefits-exchange.ts';

/**
 * The benefits service's side of the exchange: every agency is called through the Social
 * benefits service's own gateway, as an X-Road information system would, declaring the data
 * subject and the purpose, so both gateways record the access in that person's data tracker.
 */
export function exchangeAgencies(gatewayUrl: string, o: { fetch?: typeof fetch } = {}): { agencies: AgencyPort; intake: ApplicationPort } {
  const call = o.fetch ?? fetch;
  const headers = (subject: string, purpose: string) => ({ 'X-Road-Client': clientId('benefits'), 'X-Tessera-Data-Subject': subject, 'X-Tessera-Purpose': purpose, accept: 'application/json' });
  const failure = async (response: Response) => new Error(`The exchange answered ${response.status}: ${response.headers.get('x-road-error') ?? (await response.text()).slice(0, 200)}`);
  return {
    agencies: {
      async fetch(request) {
        const { member, service } = SOURCE_SERVICES[request.source];
        const url = gatewayUrl + servicePath(member, `${service}/${encodeURIComponent(request.subject)}`) + `?inputs=${request.inputs.join(',')}`;
        const response = await call(url, { headers: headers(request.subject, request.purpose) });
        if (response.status === 404) return null;
        if (!response.ok) throw await failure(response);
        return (await response.json()) as never;
      },
    },
    intake: {
      async submit(application) {
        const response = await call(gatewayUrl + servicePath('welfare', `applications/${encodeURIComponent(application.reference)}`), {
          method: 'POST',
          headers: { ...headers(application.applicant, 'one-step benefit application'), 'content-type': 'application/json' },
          body: JSON.stringify(application),
        });
        if (!response.ok) throw await failure(response);
        const body = (await response.json()) as { agencyReference?: unknown };
        if (typeof body.agencyReference !== 'string') throw new Error('The agency answered without a reference.');
        return { agencyReference: body.agencyReference };
      },
    },
  };
}

/** The population register's side: it reports a life event to the benefits service through its own gateway. */
export function exchangeLifeEvents(populationGatewayUrl: () => string, o: { fetch?: typeof fetch } = {}) {
  return async (event: { type: string; subjects: string[] }): Promise<void> => {
    const response = await (o.fetch ?? fetch)(populationGatewayUrl() + servicePath('benefits', 'life-events/events'), {
      method: 'POST', headers: { 'X-Road-Client': clientId('population'), 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(event),
    });
    if (response.status !== 202) throw new Error(`The benefits service answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  };
}
