// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CENTRES } from './centre-config.ts';
import { isOfferedSlot, slotsOn, upcomingSlots } from './pickup-slots.ts';
import { zonedInstant } from './zoned-time.ts';

const seoul = DEFAULT_CENTRES.find((c) => c.code === 'seoul-vfs')!;
const saoPaulo = DEFAULT_CENTRES.find((c) => c.code === 'sao-paulo-vfs')!;

test('Seoul offers 20-minute slots in its own time zone, around the lunch break on Mondays', () => {
  const monday = slotsOn(seoul, '2026-12-07');
  assert.equal(monday.length, 18);
  assert.equal(monday[0]!.startsAt.toISOString(), '2026-12-07T00:00:00.000Z', '09:00 in Seoul is midnight UTC');
  assert.ok(!monday.some((s) => s.startsAt.toISOString() === '2026-12-07T03:00:00.000Z'), 'no slot at 12:00, the lunch break');
  assert.equal(slotsOn(seoul, '2026-12-08').length, 9, 'Tuesdays only in the morning');
});

test('no slots on holidays and weekends', () => {
  assert.deepEqual(slotsOn(seoul, '2026-12-25'), []);
  assert.deepEqual(slotsOn(seoul, '2026-12-06'), []);
});

test('local times follow daylight saving where the zone has it', () => {
  assert.equal(zonedInstant('2026-07-01', '09:00', 'America/Los_Angeles').toISOString(), '2026-07-01T16:00:00.000Z');
  assert.equal(zonedInstant('2026-12-01', '09:00', 'America/Los_Angeles').toISOString(), '2026-12-01T17:00:00.000Z');
  assert.equal(slotsOn(saoPaulo, '2026-12-07')[0]!.startsAt.toISOString(), '2026-12-07T12:00:00.000Z');
});

test('upcoming slots start the next local day, and only offered starts count as slots', () => {
  const now = new Date('2026-12-07T14:59:00Z'); // 23:59 on Monday in Seoul
  const slots = upcomingSlots(seoul, now, 2);
  assert.equal(slots[0]!.startsAt.toISOString(), '2026-12-08T00:00:00.000Z');
  assert.ok(isOfferedSlot(seoul, slots[3]!.startsAt));
  assert.ok(!isOfferedSlot(seoul, new Date(slots[3]!.startsAt.getTime() + 60_000)));
});
