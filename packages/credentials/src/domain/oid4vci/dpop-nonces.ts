// SPDX-License-Identifier: Apache-2.0
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@tessera/platform';

export interface DpopNonces {
  current(): string;
  valid(nonce: string | undefined): boolean;
}

/**
 * Server-provided DPoP nonces (RFC 9449 §8) without storage: the nonce is an HMAC of the time
 * window, so every issuer process with the same secret agrees, and one is accepted in its own
 * window and the next (2–4 minutes). A proof made long ago is thereby useless even if its jti
 * were forgotten.
 */
export function dpopNonces(secret: Uint8Array, clock: Clock, windowMs = 120_000): DpopNonces {
  const at = (window: number) => createHmac('sha256', secret).update(`dpop-nonce:${window}`).digest('base64url');
  const window = () => Math.floor(clock.now().getTime() / windowMs);
  return {
    current: () => at(window()),
    valid(nonce) {
      if (typeof nonce !== 'string') return false;
      const given = Buffer.from(nonce);
      return [window(), window() - 1].some((w) => {
        const expected = Buffer.from(at(w));
        return expected.length === given.length && timingSafeEqual(expected, given);
      });
    },
  };
}
