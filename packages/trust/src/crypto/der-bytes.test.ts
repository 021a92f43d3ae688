// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OctetString, Sequence } from 'asn1js';
import { derElement, isSingleElement } from './der-bytes.ts';

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
