// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { specimenPortrait } from '../../specimen/specimen-files.ts';
import { deterministicMatcher } from './biometric-matcher.ts';

test('the built-in matcher matches the same portrait and refuses another, deterministically', async () => {
  const matcher = deterministicMatcher(0.9);
  const portrait = specimenPortrait(600, 750, 0);
  assert.deepEqual(await matcher.compare(portrait, portrait), { score: 1, decision: 'match' });
  const other = await matcher.compare(portrait, specimenPortrait(600, 750, 120));
  assert.equal(other.decision, 'no_match');
  assert.deepEqual(await matcher.compare(portrait, specimenPortrait(600, 750, 120)), other);
  assert.equal((await matcher.compare(portrait, new Uint8Array())).decision, 'no_match');
});
