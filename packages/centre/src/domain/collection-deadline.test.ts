// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectionPeriodOver } from './collection-deadline.ts';

test('the collection period ends after the deadline day in the centre’s time zone', () => {
  // 2027-06-01 15:30 UTC is already 2 June in Seoul, still 1 June in San Francisco.
  const now = new Date('2027-06-01T15:30:00Z');
  assert.equal(collectionPeriodOver('2027-06-01', now, 'Asia/Seoul'), true);
  assert.equal(collectionPeriodOver('2027-06-01', now, 'America/Los_Angeles'), false);
  assert.equal(collectionPeriodOver('2027-06-02', now, 'Asia/Seoul'), false);
});
