// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidTransition } from '@tessera/platform';
import { allowedActions, APPLICATION_STATUSES, nextStatus } from './application-status.ts';

test('a paid application goes to review', () => {
  assert.equal(nextStatus('awaiting_payment', 'pay'), 'in_review');
});

test('approving a flagged application needs a second officer', () => {
  assert.equal(nextStatus('in_review', 'approve', true), 'awaiting_second_approval');
  assert.equal(nextStatus('in_review', 'approve', false), 'approved');
  assert.equal(nextStatus('awaiting_second_approval', 'second_approve'), 'approved');
});

test('a decided application cannot be decided again', () => {
  for (const from of ['approved', 'rejected', 'withdrawn'] as const) {
    assert.deepEqual(allowedActions(from), []);
    assert.throws(() => nextStatus(from, 'approve'), (e: unknown) => e instanceof InvalidTransition && e.code === 'ERR_INVALID_TRANSITION' && e.status === 409);
  }
});

test('an unpaid application cannot be approved', () => {
  assert.throws(() => nextStatus('awaiting_payment', 'approve'), { code: 'ERR_INVALID_TRANSITION' });
});

test('every state is reachable from awaiting payment', () => {
  const seen = new Set<string>(['awaiting_payment']);
  const queue = ['awaiting_payment'] as (typeof APPLICATION_STATUSES)[number][];
  while (queue.length) {
    const from = queue.shift()!;
    for (const action of allowedActions(from)) {
      for (const flagged of [false, true]) {
        const to = nextStatus(from, action, flagged);
        if (!seen.has(to)) { seen.add(to); queue.push(to); }
      }
    }
  }
  assert.deepEqual([...seen].sort(), [...APPLICATION_STATUSES].sort());
});
