// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PassThrough } from 'node:stream';
import { KOREAN_CASES } from '@tessera/benefits';
import { benefitsTestCommand } from './benefits-test.ts';

const capture = () => {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  return { out, text: () => text };
};

describe('tessera benefits test', { timeout: 120_000 }, () => {
  it('passes every shipped programme test case and exits 0', async () => {
    const c = capture();
    assert.equal(await benefitsTestCommand(c.out), 0);
    assert.match(c.text(), / 0 failed \(15 programmes\)/);
  });

  it('exits 1 and names the case when an expectation is wrong', async () => {
    const c = capture();
    const wrong = { ...KOREAN_CASES[0]!, name: 'deliberately wrong', expect: { 'basic_pension.amount': 1 } };
    assert.equal(await benefitsTestCommand(c.out, [wrong]), 1);
    assert.match(c.text(), /FAIL kr\.basic-pension: deliberately wrong/);
  });
});
