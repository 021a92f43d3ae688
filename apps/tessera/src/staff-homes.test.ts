// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staffHome } from '@tessera/authority';
import { STAFF_HOMES, STAFF_ROLES } from './federation.ts';

const homeOf = (role: keyof typeof STAFF_ROLES) => staffHome(new Set<string>(STAFF_ROLES[role]), STAFF_HOMES);

test('/staff sends each role to its own start page: a policy author to the policy console, not the front page', () => {
  assert.equal(homeOf('policy_author'), '/benefits/console');
  assert.equal(homeOf('officer'), '/officer');
  assert.equal(homeOf('auditor'), '/officer');
  assert.equal(homeOf('exchange_operator'), '/exchange/console');
  assert.equal(homeOf('issuer_admin'), '/issuer/admin/types');
  assert.equal(homeOf('issuing_desk'), '/issuer/desk/offers/new');
  assert.equal(staffHome(new Set(), STAFF_HOMES), '/', 'no permission: the front page');
});
