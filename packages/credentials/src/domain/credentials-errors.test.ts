// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toProblem } from '@tessera/platform';
import { AgencyUnavailable, CredentialChangeNotAllowed, CredentialTypeInvalid } from './credentials-errors.ts';

test('an invalid type keeps its issues and shows them as the problem\'s errors; other members are as before', () => {
  const issues = [{ code: 'missing_claims', path: '/claims', message: 'Add a claim.' }];
  const invalid = new CredentialTypeInvalid(issues);
  assert.deepEqual(invalid.issues, issues);
  assert.deepEqual([toProblem(invalid).status, toProblem(invalid).code, toProblem(invalid).errors], [400, 'ERR_CREDENTIAL_TYPE_INVALID', issues]);
  const problem = toProblem(new CredentialChangeNotAllowed('resume', 'valid'));
  assert.deepEqual([problem.status, problem.code, problem.state], [409, 'ERR_CREDENTIAL_CHANGE_NOT_ALLOWED', 'valid']);
  const unavailable = new AgencyUnavailable('kr-rrn', 'MOIS', 'Server.ServerProxy.ServiceFailed');
  assert.deepEqual([unavailable.status, unavailable.extensions], [502, { type: 'kr-rrn', fault: 'Server.ServerProxy.ServiceFailed' }]);
});
