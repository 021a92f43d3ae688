// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { logEntries } from '@tessera/platform';
import { upsertPartnerCentres } from '../store/partner-centres.ts';
import { centreLogKeyResets, partnerCentres } from '../store/schema.ts';
import { openAuthorityServer, type AuthorityServer, type TestBrowser } from '../testing/authority-server.ts';

let a: AuthorityServer;
let proposer: TestBrowser;
let approver: TestBrowser;
let auditor: TestBrowser;
const PAGE = '/officer/centres/seoul-vfs';

async function publicX() {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  return (await crypto.subtle.exportKey('jwk', pair.publicKey)).x!;
}
const pinned = async () => (await a.deps.db.select().from(partnerCentres).where(eq(partnerCentres.location, 'seoul-vfs')))[0]!.logKey!.x;
const events = async (type: string) => (await a.deps.db.select().from(logEntries).where(and(eq(logEntries.type, type), eq(logEntries.subject, 'seoul-vfs')))).length;
let lostX = '';

before(async () => {
  a = await openAuthorityServer();
  [proposer, approver, auditor] = [await a.staffBrowser(['officer']), await a.staffBrowser(['officer']), await a.staffBrowser(['auditor'])];
  lostX = await publicX();
  await upsertPartnerCentres(a.deps.db, a.clock, [{ location: 'seoul-vfs', exchangeClient: 'TESSERA/COM/1/seoul-centre', logKey: { kty: 'OKP', crv: 'Ed25519', x: lostX } }]);
});
after(() => a?.close());

test('on the dashboard, a key that is not a new Ed25519 key or a missing reason is shown again with the field’s error and proposes nothing', async () => {
  for (const [fields, error] of [
    [{ resetKey: 'not-a-key', resetReason: 'Hardware security module failed' }, /Enter the new key/],
    [{ resetKey: lostX, resetReason: 'Hardware security module failed' }, /Enter the new key/],
    [{ resetKey: await publicX(), resetReason: 'x' }, /Give the reason for the reset/],
  ] as const) {
    const refused = await proposer.submit(PAGE, `${PAGE}/log-key-reset`, fields);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, error);
    assert.match(refused.body, /aria-invalid="true"/);
    assert.ok(refused.body.includes(`value="${fields.resetKey}"`), 'what was typed is kept');
  }
  assert.equal(await events('centre.log_key_reset_proposed'), 0);
});

test('a reset proposed with the dashboard’s form cannot be approved by its proposer (four eyes, nothing changes); another overseer approves it with the form and the new key is pinned', async () => {
  const x = await publicX();
  const proposed = await proposer.submit(PAGE, `${PAGE}/log-key-reset`, { resetKey: x, resetReason: 'Hardware security module failed' });
  assert.equal(proposed.statusCode, 303);
  assert.equal(proposed.headers.location, `${PAGE}?changed=reset-proposed`);
  assert.equal(await events('centre.log_key_reset_proposed'), 1);
  const [reset] = await a.deps.db.select().from(centreLogKeyResets).where(eq(centreLogKeyResets.location, 'seoul-vfs'));

  // The proposer's page says why there is no approve button; posting the approval anyway is refused.
  const own = await proposer.get(PAGE);
  assert.match(own.body, /You proposed this reset: another overseer must approve it\./);
  assert.ok(!own.body.includes(`log-key-reset/${reset!.id}/approve`));
  const self = await proposer.submit(PAGE, `${PAGE}/log-key-reset/${reset!.id}/approve`, {});
  assert.equal(self.statusCode, 409);
  assert.match(self.body, /You proposed this reset yourself/);
  assert.equal(await pinned(), lostX, 'the pinned key is unchanged');
  assert.equal(await events('centre.log_key_reset_approved'), 0);

  // An auditor reads the dashboard without the forms and cannot post them.
  const read = await auditor.get(PAGE);
  assert.equal(read.statusCode, 200);
  assert.ok(!read.body.includes('/log-key-reset'));
  const token = await auditor.csrfToken(PAGE);
  const forbidden = await auditor.send({ method: 'POST', url: `${PAGE}/log-key-reset/${reset!.id}/approve`, payload: new URLSearchParams({ _csrf: token }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } });
  assert.equal(forbidden.statusCode, 403);

  const other = await approver.get(PAGE);
  assert.ok(other.body.includes(`action="${PAGE}/log-key-reset/${reset!.id}/approve"`), 'another overseer has the approve button');
  const approved = await approver.submit(PAGE, `${PAGE}/log-key-reset/${reset!.id}/approve`, {});
  assert.equal(approved.statusCode, 303);
  assert.equal(approved.headers.location, `${PAGE}?changed=reset-approved`);
  assert.equal(await pinned(), x);
  assert.equal(await events('centre.log_key_reset_approved'), 1);
  assert.match((await approver.get(`${PAGE}?changed=reset-approved`)).body, /The new log key is approved/);
});
