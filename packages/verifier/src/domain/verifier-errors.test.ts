// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TesseraError, toProblem } from '@tessera/platform';
import { isPresentationRefused, PresentationRefused, presentationRefused, REFUSALS, refuse, RelyingPartyExists, VerifierError, verifierErrors } from './verifier-errors.ts';

test('every verifier error is a VerifierError and a TesseraError with its own stable ERR_ code', () => {
  const codes = new Set<string>();
  for (const [name, made] of Object.entries(verifierErrors)) {
    assert.ok(made.prototype instanceof VerifierError && made.prototype instanceof TesseraError, name);
    assert.match(made.code, /^ERR_[A-Z0-9_]+$/, name);
    assert.equal(made.name, name);
    assert.ok(!codes.has(made.code), `${made.code} is used twice`);
    codes.add(made.code);
  }
  assert.equal(Object.keys(REFUSALS).length, 31);
});

test('each refusal code is its own class of the PresentationRefused family, with the code as the problem\'s refusal member', () => {
  for (const code of Object.keys(REFUSALS) as Array<keyof typeof REFUSALS>) {
    const refused = presentationRefused(code, 'detail');
    assert.ok(refused instanceof PresentationRefused && isPresentationRefused(refused), code);
    assert.equal(refused.code, code);
    const problem = toProblem(refused);
    assert.deepEqual([problem.status, problem.code, problem.refusal], [400, code, code]);
  }
  assert.throws(() => refuse('ERR_KB_JWT_NONCE_MISMATCH'), { code: 'ERR_KB_JWT_NONCE_MISMATCH', status: 400 });
  assert.ok(!isPresentationRefused(new RelyingPartyExists()));
  assert.deepEqual([new RelyingPartyExists().status, RelyingPartyExists.code], [409, 'ERR_RELYING_PARTY_EXISTS']);
});
