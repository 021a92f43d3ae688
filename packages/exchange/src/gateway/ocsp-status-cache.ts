// SPDX-License-Identifier: Apache-2.0
import type { X509Certificate } from '@peculiar/x509';
import { checkOcsp } from '@tessera/trust';

export type OcspVerdict = { ok: true } | { ok: false; reason: string };

/** How long a "good" answer is trusted before it is asked again, at most (also capped by nextUpdate and notAfter). */
const GOOD_FOR_MS = 60_000;
/** An unreachable or garbled responder is refused (fail closed) and asked again after this long. */
const FAILURE_FOR_MS = 5_000;

/**
 * OCSP answers for the certificates a gateway meets (peer TLS, message signers), kept per
 * certificate fingerprint: a "good" one for a minute at most and never past its nextUpdate or the
 * certificate's notAfter; "revoked" and "unknown" for a minute (the verdict is a refusal anyway);
 * a failed check for a few seconds. Concurrent checks of one certificate share one request. So a
 * revocation reaches every gateway within a minute, and no message waits for a responder round trip
 * while the answer is fresh.
 */
export class OcspStatusCache {
  readonly #fetch: typeof fetch;
  readonly #now: () => Date;
  readonly #max: number;
  readonly #verdicts = new Map<string, { until: number; verdict: OcspVerdict }>();
  readonly #pending = new Map<string, Promise<OcspVerdict>>();

  constructor(o: { fetch: typeof fetch; now: () => Date; maxEntries?: number }) {
    this.#fetch = o.fetch;
    this.#now = o.now;
    this.#max = o.maxEntries ?? 4096;
  }

  async status(certificate: X509Certificate, issuer: X509Certificate, fingerprint: string): Promise<OcspVerdict> {
    const now = this.#now().getTime();
    const known = this.#verdicts.get(fingerprint);
    if (known && known.until > now) return known.verdict;
    let pending = this.#pending.get(fingerprint);
    if (!pending) {
      pending = this.#ask(certificate, issuer, fingerprint).finally(() => this.#pending.delete(fingerprint));
      this.#pending.set(fingerprint, pending);
    }
    return pending;
  }

  async #ask(certificate: X509Certificate, issuer: X509Certificate, fingerprint: string): Promise<OcspVerdict> {
    const now = this.#now();
    let verdict: OcspVerdict;
    let until: number;
    try {
      const answer = await checkOcsp(certificate, issuer, { fetch: this.#fetch, now });
      verdict = answer.status === 'good' ? { ok: true } : { ok: false, reason: `The certificate ${certificate.subject} is ${answer.status}${answer.reason ? ` (${answer.reason})` : ''}.` };
      until = Math.min(now.getTime() + GOOD_FOR_MS, answer.nextUpdate?.getTime() ?? Infinity, certificate.notAfter.getTime());
    } catch (error) {
      verdict = { ok: false, reason: `The status of ${certificate.subject} could not be established: ${(error as Error).message}` };
      until = now.getTime() + FAILURE_FOR_MS;
    }
    this.#verdicts.delete(fingerprint);
    this.#verdicts.set(fingerprint, { until, verdict });
    while (this.#verdicts.size > this.#max) {
      const oldest = this.#verdicts.keys().next();
      if (oldest.done) break;
      this.#verdicts.delete(oldest.value);
    }
    return verdict;
  }
}
