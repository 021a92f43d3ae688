// SPDX-License-Identifier: Apache-2.0

/**
 * A small seeded generator (mulberry32): the same sequence for the same seed on every machine,
 * for demo worlds and synthetic populations that must come out the same each time. Not for
 * anything secret: use node:crypto there.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
