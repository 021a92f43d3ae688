// SPDX-License-Identifier: Apache-2.0

/** A matcher's answer: a similarity score in [0, 1] and its decision at the matcher's threshold. */
export interface BiometricResult {
  score: number;
  decision: 'match' | 'no_match';
}

/**
 * The port behind which the authority compares a sample captured at the handover (a live photo
 * or fingerprints) with what the applicant enrolled. A certified matcher plugs in here; the
 * built-in one is deterministic, for tests and the demo.
 */
export interface BiometricMatcher {
  readonly name: string;
  compare(enrolled: Uint8Array, probe: Uint8Array): Promise<BiometricResult>;
}

/**
 * The built-in matcher: the share of equal bytes at equal positions, over the longer sample.
 * The same image scores 1, an unrelated one close to 0; deterministic, so tests can rely on it.
 * It knows nothing about faces: never use it where a person's identity depends on it.
 */
export function deterministicMatcher(threshold = 0.9): BiometricMatcher {
  return {
    name: 'tessera-deterministic-1',
    async compare(enrolled, probe) {
      const length = Math.max(enrolled.length, probe.length);
      if (length === 0) return { score: 0, decision: 'no_match' };
      let same = 0;
      for (let i = 0; i < Math.min(enrolled.length, probe.length); i++) if (enrolled[i] === probe[i]) same++;
      const score = Math.round((same / length) * 1000) / 1000;
      return { score, decision: score >= threshold ? 'match' : 'no_match' };
    },
  };
}
