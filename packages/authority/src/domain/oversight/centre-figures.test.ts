// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centreFigures, handoversPerDay, type CustodyStep } from './centre-figures.ts';

const at = (iso: string) => new Date(iso);
const card = (reference: string, ...events: Array<[string, string]>): CustodyStep[] => events.map(([event, when]) => ({ reference, event, at: at(when) }));

test('each card counts once, in the state its chain of custody ends in', () => {
  const steps = [
    ...card('ER-2026-000001', ['dispatched', '2026-11-01T00:00:00Z']),
    ...card('ER-2026-000002', ['dispatched', '2026-11-01T00:00:00Z'], ['arrived', '2026-11-02T00:00:00Z']),
    ...card('ER-2026-000003', ['dispatched', '2026-11-01T00:00:00Z'], ['arrived', '2026-11-02T00:00:00Z'], ['handed_over', '2026-11-05T00:00:00Z']),
    ...card('ER-2026-000004', ['dispatched', '2026-11-01T00:00:00Z'], ['arrived', '2026-11-02T00:00:00Z'], ['handed_over', '2026-11-03T12:00:00Z']),
    ...card('ER-2026-000005', ['dispatched', '2026-11-01T00:00:00Z'], ['missing', '2026-11-02T00:00:00Z']),
    ...card('ER-2026-000006', ['dispatched', '2026-11-01T00:00:00Z'], ['damaged', '2026-11-02T00:00:00Z']),
    ...card('ER-2026-000007', ['dispatched', '2026-11-01T00:00:00Z'], ['arrived', '2026-11-02T00:00:00Z'], ['returned', '2027-05-03T00:00:00Z']),
    ...card('ER-2026-000008', ['dispatched', '2026-11-01T00:00:00Z'], ['arrived', '2026-11-02T00:00:00Z'], ['destroyed', '2027-05-03T00:00:00Z']),
  ];
  assert.deepEqual(centreFigures(steps), {
    shipped: 8, checkedIn: 5, inTransit: 1, inStock: 1, handedOver: 2, returned: 1, destroyed: 1, missing: 1, damaged: 1,
    // (3 days + 1.5 days) / 2
    averageDaysToHandover: 2.3,
  });
});

test('with no card handed over there is no waiting time, not a zero', () => {
  assert.equal(centreFigures(card('ER-2026-000001', ['dispatched', '2026-11-01T00:00:00Z'], ['arrived', '2026-11-02T00:00:00Z'])).averageDaysToHandover, null);
  assert.deepEqual(centreFigures([]), { shipped: 0, checkedIn: 0, inTransit: 0, inStock: 0, handedOver: 0, returned: 0, destroyed: 0, missing: 0, damaged: 0, averageDaysToHandover: null });
});

test('handovers are counted on the centre’s own calendar day, with empty days as zero', () => {
  const steps = [
    // 23:30 UTC on the 1st is the 2nd in Seoul (UTC+9).
    ...card('ER-2026-000001', ['handed_over', '2026-12-01T23:30:00Z']),
    ...card('ER-2026-000002', ['handed_over', '2026-12-02T01:00:00Z']),
    ...card('ER-2026-000003', ['handed_over', '2026-11-30T03:00:00Z']),
    // Outside the window.
    ...card('ER-2026-000004', ['handed_over', '2026-11-20T03:00:00Z']),
    ...card('ER-2026-000005', ['arrived', '2026-12-02T03:00:00Z']),
  ];
  assert.deepEqual(handoversPerDay(steps, { now: at('2026-12-02T05:00:00Z'), days: 4, timeZone: 'Asia/Seoul' }), [
    { day: '2026-11-29', count: 0 }, { day: '2026-11-30', count: 1 }, { day: '2026-12-01', count: 0 }, { day: '2026-12-02', count: 2 },
  ]);
});
