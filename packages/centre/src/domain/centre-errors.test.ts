// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toProblem } from '@tessera/platform';
import { AuthorityCallFailed, CardNotInStock, CentreStepRefused, HandoverNotCompleting } from './centre-errors.ts';

test('the centre\'s own refusals are one family the stock page shows beside the field; the authority\'s answers are not in it', () => {
  assert.ok(new CardNotInStock('x') instanceof CentreStepRefused);
  assert.ok(!(new AuthorityCallFailed(409, 'ERR_CARD_NOT_AT_CENTRE') instanceof CentreStepRefused));
  assert.ok(!(new HandoverNotCompleting() instanceof CentreStepRefused));
});

test('a refusal by the authority keeps its status and code; a failure is a 502 that hides its detail', () => {
  const refused = new AuthorityCallFailed(409, 'ERR_CENTRE_LOG_FORKED');
  assert.deepEqual([refused.status, refused.code, refused.upstreamStatus, refused.upstreamCode], [409, 'ERR_AUTHORITY_CALL_FAILED', 409, 'ERR_CENTRE_LOG_FORKED']);
  assert.equal(toProblem(refused).status, 409);
  const failed = new AuthorityCallFailed(503, undefined);
  assert.deepEqual([failed.status, failed.upstreamCode, toProblem(failed).code], [502, undefined, 'ERR_INTERNAL']);
  assert.equal(new CardNotInStock('x').upstreamStatus, undefined);
});
