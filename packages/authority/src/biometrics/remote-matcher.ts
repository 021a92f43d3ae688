// SPDX-License-Identifier: Apache-2.0
import { BiometricMatcherUnavailable } from '../domain/authority-errors.ts';
import type { BiometricMatcher, BiometricResult } from '../domain/biometrics/biometric-matcher.ts';

export interface RemoteMatcherOptions {
  /** The matcher service's comparison endpoint, e.g. https://matcher.internal/v1/compare. */
  url: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}

/**
 * A certified matcher run as a service of its own (vendors ship theirs so): the two samples are
 * posted as base64 and it answers `{ score, decision }`. Anything else — no answer in time, an
 * error status, a score outside [0, 1], an unknown decision — is refused, never read as a match.
 */
export function remoteMatcher(o: RemoteMatcherOptions): BiometricMatcher {
  const name = `remote:${new URL(o.url).host}`;
  return {
    name,
    async compare(enrolled, probe): Promise<BiometricResult> {
      let response: Response;
      try {
        response = await o.fetch(o.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ enrolled: Buffer.from(enrolled).toString('base64'), probe: Buffer.from(probe).toString('base64') }),
          signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
        });
      } catch (cause) {
        throw new BiometricMatcherUnavailable('The biometric matcher could not be reached.', { cause });
      }
      if (!response.ok) throw new BiometricMatcherUnavailable(`The biometric matcher answered ${response.status}.`);
      const answer: unknown = await response.json().catch(() => null);
      const { score, decision } = (answer ?? {}) as { score?: unknown; decision?: unknown };
      if (typeof score !== 'number' || !(score >= 0 && score <= 1) || (decision !== 'match' && decision !== 'no_match')) {
        throw new BiometricMatcherUnavailable('The biometric matcher gave no valid score and decision.');
      }
      return { score, decision };
    },
  };
}
