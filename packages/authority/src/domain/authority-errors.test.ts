// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toProblem } from '@tessera/platform';
import { authorityErrors, CentreCallFailed, FourEyesRequired, TreeHeadBaseMismatch } from './authority-errors.ts';

test('the codes partner centres and the console branch on stay as they were', () => {
  const { NotACentre, CentreSuspended, CardNotAtCentre, CustodyOutOfOrder, CentreLogKeyUnknown, CentreTreeHeadSignatureInvalid, CentreLogForked } = authorityErrors;
  assert.deepEqual(
    [NotACentre, CentreSuspended, CardNotAtCentre, CustodyOutOfOrder, CentreLogKeyUnknown, CentreTreeHeadSignatureInvalid, CentreLogForked, TreeHeadBaseMismatch, FourEyesRequired].map((c) => [c.code, new c('x' as never).status]),
    [['ERR_NOT_A_CENTRE', 403], ['ERR_CENTRE_SUSPENDED', 403], ['ERR_CARD_NOT_AT_CENTRE', 404], ['ERR_CUSTODY_OUT_OF_ORDER', 409], ['ERR_CENTRE_LOG_KEY_UNKNOWN', 409],
      ['ERR_CENTRE_TREE_HEAD_SIGNATURE', 400], ['ERR_CENTRE_LOG_FORKED', 409], ['ERR_TREE_HEAD_BASE_MISMATCH', 409], ['ERR_FOUR_EYES_REQUIRED', 409]],
  );
});

test('a base mismatch names the size to prove from; a failed call to a centre is a 502 that hides its detail', () => {
  const problem = toProblem(new TreeHeadBaseMismatch(7));
  assert.deepEqual([problem.status, problem.code, problem.acceptedSize], [409, 'ERR_TREE_HEAD_BASE_MISMATCH', 7]);
  const failed = new CentreCallFailed('manifest s-1', 500, 'Server.ServerProxy.ServiceFailed');
  assert.deepEqual([failed.status, failed.code, toProblem(failed).code], [502, 'ERR_CENTRE_CALL_FAILED', 'ERR_INTERNAL']);
});
