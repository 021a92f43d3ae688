// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocumentValidity } from './document-validity.ts';
import { checkInput } from './test-input.ts';

const today = new Date('2026-11-24T09:00:00Z');
const codes = (issueDate: string, expiryDate: string, on = today) => checkDocumentValidity(checkInput({ document: { issueDate, expiryDate } }), on).reasons.map((r) => r.code);

test('a passport valid for years yet passes', () => {
  assert.deepEqual(checkDocumentValidity(checkInput(), today), { check: 'document-validity', outcome: 'pass', reasons: [] });
});

test('an expired passport is flagged', () => {
  const result = checkDocumentValidity(checkInput({ document: { issueDate: '2016-11-01', expiryDate: '2026-11-01' } }), today);
  assert.equal(result.outcome, 'flag');
  assert.deepEqual(result.reasons.map((r) => r.code), ['document_expired']);
  assert.match(result.reasons[0]!.message, /2026-11-01/);
});

test('a passport expiring within six months is flagged, because it must be shown again at pickup', () => {
  assert.deepEqual(codes('2017-05-23', '2027-05-23'), ['expires_soon']);
  assert.deepEqual(codes('2016-11-24', '2026-11-24'), ['expires_soon'], 'still valid on its expiry day');
  assert.deepEqual(codes('2017-05-24', '2027-05-24'), [], 'exactly six months left is enough');
});

test('six months from the end of a month ends on the last day of the shorter month', () => {
  const aug31 = new Date('2026-08-31T12:00:00Z');
  assert.deepEqual(codes('2017-02-27', '2027-02-27', aug31), ['expires_soon']);
  assert.deepEqual(codes('2017-02-28', '2027-02-28', aug31), []);
});

test('a passport issued in the future is flagged', () => {
  assert.deepEqual(codes('2026-11-25', '2036-11-25'), ['issued_in_future']);
});

test('a passport valid for more than ten years is flagged as implausible', () => {
  assert.deepEqual(codes('2022-05-01', '2032-05-02'), [], 'ten years and a day is how some issuers count');
  assert.deepEqual(codes('2022-05-01', '2032-05-03'), ['implausible_validity']);
  assert.deepEqual(codes('2026-05-01', '2026-05-01'), ['document_expired', 'implausible_validity'], 'expiring the day it was issued');
});

test('dates are judged on the UTC calendar day, not the server time zone', () => {
  assert.deepEqual(codes('2026-11-24', '2036-11-24', new Date('2026-11-24T23:59:59Z')), []);
  assert.deepEqual(codes('2026-11-25', '2036-11-25', new Date('2026-11-24T23:59:59Z')), ['issued_in_future']);
});

test('an impossible date is flagged rather than read as another day', () => {
  assert.deepEqual(codes('2022-02-30', '2032-02-28'), ['invalid_date']);
});
