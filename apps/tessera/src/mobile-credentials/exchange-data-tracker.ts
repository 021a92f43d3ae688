// SPDX-License-Identifier: Apache-2.0
import { DataAccessReportNotTaken } from '../tessera-errors.ts';
import type { DataAccessReport } from '@tessera/verifier';
import { clientId, servicePath } from '../exchange/members.ts';
import { ISSUER_MEMBER } from './credentials-exchange.ts';

/**
 * The verifier's reports to the person's data tracker, which the authority keeps: sent through
 * the credentials organisation's own gateway to the authority's `data-tracker` service. Each
 * attempt is a message of its own (a new X-Road-Id); the tracker keeps one entry per report.
 */
export function exchangeDataTracker(o: { gatewayUrl: string; fetch?: typeof fetch; timeoutMs?: number }): (report: DataAccessReport) => Promise<void> {
  const call = o.fetch ?? fetch;
  const url = `${o.gatewayUrl}${servicePath('authority', 'data-tracker/accesses')}`;
  return async (report) => {
    let response: Response;
    try {
      response = await call(url, {
        method: 'POST', headers: { 'X-Road-Client': clientId(ISSUER_MEMBER), 'content-type': 'application/json' },
        body: JSON.stringify({ ...report, at: report.at.toISOString() }), signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new DataAccessReportNotTaken('The credentials’ gateway is not reachable.', { cause: error });
    }
    await response.body?.cancel();
    if (response.status !== 204) throw new DataAccessReportNotTaken(`The data tracker answered HTTP ${response.status}${response.headers.get('x-road-error') ? ` (${response.headers.get('x-road-error')})` : ''}.`);
  };
}
