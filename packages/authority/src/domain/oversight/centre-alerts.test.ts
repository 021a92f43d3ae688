// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centreAlerts, DEFAULT_CENTRE_SLA } from './centre-alerts.ts';

const now = new Date('2026-11-30T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const base = { now, sla: DEFAULT_CENTRE_SLA, lastReconciliation: { at: daysAgo(0.5), discrepancies: 0 }, lastTreeHeadAt: daysAgo(0.1), logProblems: 0, firstProblemAt: null };

test('a centre that meets every SLA and agrees with the authority has no alert', () => {
  const steps = [
    { reference: 'A', event: 'dispatched', at: daysAgo(10), collectBy: '2027-05-01' }, { reference: 'A', event: 'arrived', at: daysAgo(9) },
    { reference: 'B', event: 'dispatched', at: daysAgo(2), collectBy: '2027-05-01' },
  ];
  assert.deepEqual(centreAlerts({ ...base, steps }), []);
});

test('a card not checked in within the SLA, and an uncollected card kept past its deadline, are SLA breaches counted by card', () => {
  const steps = [
    { reference: 'A', event: 'dispatched', at: daysAgo(5), collectBy: '2027-05-01' },
    { reference: 'B', event: 'dispatched', at: daysAgo(4), collectBy: '2027-05-01' },
    { reference: 'C', event: 'dispatched', at: daysAgo(6), collectBy: '2027-05-01' }, { reference: 'C', event: 'missing', at: daysAgo(5) },
    { reference: 'D', event: 'dispatched', at: daysAgo(200), collectBy: '2026-11-01' }, { reference: 'D', event: 'arrived', at: daysAgo(199) },
    { reference: 'E', event: 'dispatched', at: daysAgo(200), collectBy: '2026-11-01' }, { reference: 'E', event: 'arrived', at: daysAgo(199) }, { reference: 'E', event: 'returned', at: daysAgo(1) },
  ];
  const alerts = centreAlerts({ ...base, steps });
  assert.deepEqual(alerts.map((a) => [a.code, a.count]), [['check_in_overdue', 2], ['disposal_overdue', 1]]);
  assert.deepEqual(alerts[0]!.since, daysAgo(5));
});

test('an overdue reconciliation or log head, discrepancies and log problems are alerts; log problems come first, as danger', () => {
  const steps = [{ reference: 'A', event: 'dispatched', at: daysAgo(3) }, { reference: 'A', event: 'arrived', at: daysAgo(2.9) }];
  const alerts = centreAlerts({ ...base, steps, lastReconciliation: { at: daysAgo(2), discrepancies: 3 }, lastTreeHeadAt: null, logProblems: 2, firstProblemAt: daysAgo(1) });
  assert.deepEqual(alerts.map((a) => [a.code, a.severity, a.count]), [
    ['log_problems', 'danger', 2], ['discrepancies', 'warning', 3], ['reconciliation_overdue', 'warning', 1], ['tree_head_overdue', 'warning', 1],
  ]);
  // A centre never sent a card owes nothing.
  assert.deepEqual(centreAlerts({ ...base, steps: [], lastReconciliation: null, lastTreeHeadAt: null }), []);
});
