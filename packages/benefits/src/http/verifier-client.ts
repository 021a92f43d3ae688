// SPDX-License-Identifier: Apache-2.0
import type { CertificateOutcome, VerifiedCredential } from '../domain/proactive/household-certificate.ts';
import type { CertificateVerifier } from '../store/certificate-port.ts';
import { VerifierAnswerInvalid } from '../benefits-errors.ts';

/**
 * The verifier's relying-party REST API (`POST /api/verifier/requests` with a template,
 * `GET /api/verifier/requests/:id`), with the service's API key. Answers that are not the
 * verifier's shape are errors: nothing is read from them.
 */
export function verifierClient(o: { url: string; apiKey: string; vct: string; issuers: readonly string[]; subjectOf(personalIdentifier: string): string; fetch?: typeof fetch; timeoutMs?: number }): CertificateVerifier {
  const send = o.fetch ?? fetch;
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await send(new URL(path, o.url), { ...init, headers: { authorization: `Bearer ${o.apiKey}`, accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) }, signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok || !body || typeof body !== 'object') throw new VerifierAnswerInvalid(`The verifier answered ${response.status}.`);
    return body as Record<string, unknown>;
  };
  return {
    vct: o.vct, issuers: o.issuers, subjectOf: o.subjectOf,
    async open({ template }) {
      const body = await call('/api/verifier/requests', { method: 'POST', body: JSON.stringify({ template }) });
      if (typeof body.id !== 'string' || typeof body.link !== 'string' || typeof body.expires_at !== 'string') throw new VerifierAnswerInvalid('The verifier did not open a request.');
      return { requestId: body.id, link: body.link, expiresAt: new Date(body.expires_at) };
    },
    async outcome(requestId): Promise<CertificateOutcome> {
      const body = await call(`/api/verifier/requests/${encodeURIComponent(requestId)}`);
      if (body.status === 'created' || body.status === 'retrieved') return { status: 'pending' };
      if (body.status === 'refused') return { status: 'refused', refusal: typeof body.refusal === 'string' ? body.refusal : 'refused' };
      if (body.status !== 'verified' || !Array.isArray(body.answers)) throw new VerifierAnswerInvalid('The verifier answered an unknown status.');
      const credentials = body.answers.map((x: unknown): VerifiedCredential => {
        if (!x || typeof x !== 'object' || !('vct' in x) || !('issuer' in x) || !('claims' in x) || typeof x.vct !== 'string' || typeof x.issuer !== 'string' || !x.claims || typeof x.claims !== 'object') throw new VerifierAnswerInvalid('The verifier answered a malformed credential.');
        return { vct: x.vct, issuer: x.issuer, claims: { ...x.claims } };
      });
      return { status: 'verified', credentials };
    },
  };
}
