// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from './seeded-random.ts';

test('the same seed gives the same sequence, in [0, 1), and another seed another one', () => {
  const take = (seed: number) => Array.from({ length: 1000 }, seededRandom(seed));
  assert.deepEqual(take(42), take(42));
  assert.notDeepEqual(take(42), take(43));
  assert.ok(take(7).every((x) => x >= 0 && x < 1));
  // mulberry32's published first output for seed 1 (as in its reference implementation).
  assert.equal(seededRandom(1)(), 0.6270739405881613);
});
