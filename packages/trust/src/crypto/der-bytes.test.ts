// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GeneralizedTime, OctetString, Sequence } from 'asn1js';
import { DerInputInvalid } from '../trust-errors.ts';
import { derElement, derHeader, generalizedTimeDer, isSingleElement } from './der-bytes.ts';

test('derElement encodes short and long lengths as asn1js does', () => {
  for (const size of [0, 1, 127, 128, 255, 256, 65_535, 65_536]) {
    const content = new Uint8Array(size).fill(7);
    const ours = derElement(0x04, content);
    assert.deepEqual(ours, new Uint8Array(new OctetString({ valueHex: content }).toBER()), `length ${size}`);
    assert.equal(isSingleElement(ours), true);
  }
});

test('derElement concatenates already-encoded parts inside a constructed element', () => {
  const a = new Uint8Array(new OctetString({ valueHex: Uint8Array.of(1, 2) }).toBER());
  const b = new Uint8Array(new OctetString({ valueHex: new Uint8Array(200) }).toBER());
  const expected = new Uint8Array(new Sequence({ value: [new OctetString({ valueHex: Uint8Array.of(1, 2) }), new OctetString({ valueHex: new Uint8Array(200) })] }).toBER());
  assert.deepEqual(derElement(0x30, a, b), expected);
  assert.throws(() => derElement(0x1f, a), { code: 'ERR_DER_INPUT_INVALID' });
});

test('generalizedTimeDer writes whole seconds byte for byte as asn1js does, and drops fractions', () => {
  for (const at of ['2026-12-03T12:00:00Z', '1999-01-09T03:04:05Z', '2050-02-28T23:59:59Z', '0999-06-01T00:00:00Z']) {
    const date = new Date(at);
    assert.deepEqual(generalizedTimeDer(date), new Uint8Array(new GeneralizedTime({ valueDate: date }).toBER()), at);
  }
  assert.deepEqual(generalizedTimeDer(new Date('2026-12-03T12:00:00.999Z')), generalizedTimeDer(new Date('2026-12-03T12:00:00Z')));
  assert.throws(() => generalizedTimeDer(new Date(Number.NaN)), DerInputInvalid);
});

test('derHeader finds an element’s content and end, and refuses a wrong tag, an indefinite length or one past the end', () => {
  const element = derElement(0x30, new Uint8Array(300));
  assert.deepEqual(derHeader(element, 0, 0x30), { contentStart: 4, end: 304 });
  assert.throws(() => derHeader(element, 0, 0x31), DerInputInvalid);
  assert.throws(() => derHeader(Uint8Array.of(0x30, 0x80, 0, 0), 0, 0x30), DerInputInvalid);
  assert.throws(() => derHeader(element.subarray(0, 100), 0, 0x30), DerInputInvalid);
});
