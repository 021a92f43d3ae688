// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TesseraError, toProblem } from '@tessera/platform';
import { CaError, CardError, KeyNotFound, PinWrong, TrustError, TsaInvalid, TsaPolicyInvalid, trustErrors } from './trust-errors.ts';

test('every trust error is a TrustError and a TesseraError with its own stable ERR_ code', () => {
  const codes = new Set<string>();
  for (const [name, made] of Object.entries(trustErrors)) {
    assert.ok(made.prototype instanceof TrustError && made.prototype instanceof TesseraError, name);
    assert.match(made.code, /^ERR_[A-Z0-9_]+$/, name);
    assert.equal(made.name, name);
    assert.ok(!codes.has(made.code), `${made.code} is used twice`);
    codes.add(made.code);
  }
  assert.equal(new KeyNotFound('root-1').code, KeyNotFound.code);
});

test('families are caught as one: key store errors are CA errors, PIN errors card errors, setup errors of the TSA one kind', () => {
  assert.ok(new KeyNotFound('root-1') instanceof CaError);
  assert.ok(new PinWrong(2) instanceof CardError);
  assert.ok(new TsaPolicyInvalid('x') instanceof TsaInvalid);
  assert.ok(!(new KeyNotFound('root-1') instanceof CardError));
});

test('a wrong PIN tells the caller how many tries are left as a problem-details member', () => {
  const problem = toProblem(new PinWrong(1));
  assert.deepEqual([problem.status, problem.code, problem.triesLeft], [400, 'ERR_PIN_WRONG', 1]);
});
