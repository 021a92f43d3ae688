// SPDX-License-Identifier: Apache-2.0
import { agencyClaimsRequest, AgencyClaimsInvalid, AgencyHasNoRecord, AgencyUnavailable, readAgencyAnswer, type ClaimSource } from '@tessera/credentials';
import { DATA_SUBJECT_HEADER, PURPOSE_HEADER } from '@tessera/exchange';
import { clientId, INSTANCE } from '../exchange/members.ts';
import { ISSUER_MEMBER } from './credentials-exchange.ts';

/**
 * The issuer's side of the exchange: a type's claims are asked of its owning agency's service
 * (as the catalogue names it) through the issuer's own gateway, naming the holder as data subject
 * and the purpose, so both gateways record the read in the holder's data tracker. The answer is
 * read all or nothing (readAgencyAnswer). Called before the issuance transaction, never inside it.
 */
export function exchangeClaimSource(o: { gatewayUrl: () => string; fetch?: typeof fetch; timeoutMs?: number }): ClaimSource {
  const call = o.fetch ?? fetch;
  return {
    async claims(type, holder) {
      const request = agencyClaimsRequest(type);
      const agency = type.agency.name.en;
      // e-residents' and citizens' codes are Estonian: the data subject is EE + code, as the exchange records it.
      const subject = `EE${holder}`;
      const url = `${o.gatewayUrl()}/r1/${INSTANCE}/${request.memberClass}/${request.memberCode}/${request.subsystem}/${request.service}/${encodeURIComponent(subject)}?claims=${request.claims.join(',')}`;
      let response: Response;
      try {
        response = await call(url, {
          headers: { 'X-Road-Client': clientId(ISSUER_MEMBER), [DATA_SUBJECT_HEADER]: subject, [PURPOSE_HEADER]: request.purpose, accept: 'application/json' },
          signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new AgencyUnavailable(type.id, agency, error instanceof Error && error.name === 'TimeoutError' ? 'no answer in time' : 'the issuer’s gateway is not reachable');
      }
      const fault = response.headers.get('x-road-error');
      if (response.status === 404 && !fault) throw new AgencyHasNoRecord(type.id, agency);
      if (!response.ok) {
        await response.body?.cancel();
        throw new AgencyUnavailable(type.id, agency, fault ?? `HTTP ${response.status}`);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw new AgencyClaimsInvalid(type.id, [{ code: 'not_json', path: '', message: 'The agency’s answer is not JSON.' }]);
      }
      return readAgencyAnswer(type, request, body);
    },
  };
}
