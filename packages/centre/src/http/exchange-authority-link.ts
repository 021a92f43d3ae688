// SPDX-License-Identifier: Apache-2.0
import { AuthorityCallFailed } from '../domain/centre-errors.ts';
import type { AuthorityLink, CustodyReport, HandoverIdentity } from '../domain/authority-link.ts';

export interface ExchangeAuthorityLinkOptions {
  /** The client side of the centre's own gateway, e.g. http://127.0.0.1:8443. */
  gatewayUrl: string;
  /** The authority's provider subsystem, e.g. `TESSERA/GOV/70008747/cards`. */
  authoritySubsystem: string;
  /** Each centre's own subsystem identifier, sent as X-Road-Client. */
  subsystems: Readonly<Record<string, string>>;
  fetch: typeof fetch;
  /** Where pickup information for e-mails comes from: address and hours text per centre. */
  pickupInfo: (centre: string) => { address: string; hours: string };
}

/**
 * The centre's calls to the authority, as an X-Road information system makes them: REST
 * requests to its own gateway (`/r1/{service}`), `X-Road-Client` naming the centre's subsystem.
 */
export function exchangeAuthorityLink(o: ExchangeAuthorityLinkOptions): AuthorityLink {
  const call = async (centre: string, path: string, init: RequestInit & { purpose?: string; subject?: string } = {}) => {
    const client = o.subsystems[centre];
    if (!client || !Object.hasOwn(o.subsystems, centre)) throw new AuthorityCallFailed(0, 'ERR_NO_SUBSYSTEM');
    let response: Response;
    let text: string;
    try {
      response = await o.fetch(`${o.gatewayUrl}/r1/${o.authoritySubsystem}/${path}`, {
        ...init,
        headers: {
          'X-Road-Client': client, accept: 'application/json',
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...(init.subject ? { 'X-Tessera-Data-Subject': init.subject, 'X-Tessera-Purpose': init.purpose ?? '' } : {}),
        },
      });
      text = await response.text();
    } catch (error) {
      // The gateway unreachable, or the connection lost before the whole answer came: no answer, not a fault of the centre.
      throw new AuthorityCallFailed(0, 'ERR_GATEWAY_UNREACHABLE', { cause: error });
    }
    if (!response.ok) {
      let code: string | undefined;
      try {
        code = (JSON.parse(text) as { code?: string; type?: string }).code ?? response.headers.get('x-road-error') ?? undefined;
      } catch {
        code = response.headers.get('x-road-error') ?? undefined;
      }
      throw new AuthorityCallFailed(response.status, code);
    }
    try {
      return text ? (JSON.parse(text) as unknown) : null;
    } catch (error) {
      throw new AuthorityCallFailed(response.status, 'ERR_ANSWER_NOT_JSON', { cause: error });
    }
  };
  return {
    async reportCustody(centre: string, reports: readonly CustodyReport[]) {
      const pickup = o.pickupInfo(centre);
      await call(centre, 'custody/reports', { method: 'POST', body: JSON.stringify({ reports: reports.map((r) => (r.event === 'arrived' ? { ...r, pickup } : r)) }) });
    },
    async identify(centre, { reference, dataSubject, operator }) {
      return (await call(centre, `identities/identities/${encodeURIComponent(reference)}?operator=${encodeURIComponent(operator)}`, { subject: dataSubject, purpose: 'identity check at the handover of an identity document' })) as HandoverIdentity;
    },
    async matchBiometric(centre, { reference, operator, sample }) {
      return (await call(centre, `biometric-checks/checks/${encodeURIComponent(reference)}`, { method: 'POST', body: JSON.stringify({ operator, sample: Buffer.from(sample).toString('base64') }) })) as { score: number; decision: 'match' | 'no_match'; matcher: string };
    },
    async handOver(centre: string, reference: string, operator: string, logEntry: string) {
      return (await call(centre, `handovers/handovers/${encodeURIComponent(reference)}`, { method: 'POST', body: JSON.stringify({ confirmedBy: operator, logEntry }) })) as { documentNumber: string; state: string };
    },
    async latestTreeHead(centre) {
      const answer = (await call(centre, 'centre-logs/tree-heads/latest')) as { head: { size: number; rootHash: string } | null; pending?: string[] };
      return { head: answer.head, pending: answer.pending ?? [] };
    },
    async sendTreeHead(centre, submission) {
      const answer = (await call(centre, 'centre-logs/tree-heads', { method: 'POST', body: JSON.stringify(submission) })) as { included?: number; missing?: number };
      return { included: answer.included ?? 0, missing: answer.missing ?? 0 };
    },
    async reconcile(centre, cards) {
      return (await call(centre, 'reconciliations/reports', { method: 'POST', body: JSON.stringify({ cards }) })) as Awaited<ReturnType<AuthorityLink['reconcile']>>;
    },
  };
}
