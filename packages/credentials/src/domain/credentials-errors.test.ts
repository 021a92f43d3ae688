// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TesseraError, toProblem } from '@tessera/platform';
import { AgencyUnavailable, CredentialChangeNotAllowed, CredentialsError, credentialsErrors, CredentialTypeInvalid } from './credentials-errors.ts';

test('every credentials error is a CredentialsError and a TesseraError with its own stable ERR_ code', () => {
  const codes = new Set<string>();
  for (const [name, made] of Object.entries(credentialsErrors)) {
    assert.ok(made.prototype instanceof CredentialsError && made.prototype instanceof TesseraError, name);
    assert.match(made.code, /^ERR_[A-Z0-9_]+$/, name);
    assert.equal(made.name, name);
    assert.ok(!codes.has(made.code), `${made.code} is used twice`);
    codes.add(made.code);
  }
});

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
