// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { logEntries } from '@tessera/platform';
import { upsertPartnerCentres } from '../store/partner-centres.ts';
import { partnerCentres } from '../store/schema.ts';
import { openAuthorityServer, type AuthorityServer, type TestBrowser } from '../testing/authority-server.ts';

let a: AuthorityServer;
let overseer: TestBrowser;
const PAGE = '/officer/centres/seoul-vfs?lang=en';
const ACTION = '/officer/centres/seoul-vfs/sla';
const DEFAULTS = { checkInDays: '3', reconciliationHours: '36', treeHeadHours: '24', disposalDays: '14', inclusionGraceMinutes: '10' };

before(async () => {
  a = await openAuthorityServer();
  await upsertPartnerCentres(a.deps.db, a.clock, [{ location: 'seoul-vfs', exchangeClient: 'TESSERA/COM/1/seoul-centre' }]);
  overseer = await a.staffBrowser(['officer']);
});
after(async () => a?.close());

const slaChanges = async () => a.deps.db.select().from(logEntries).where(and(eq(logEntries.type, 'centre.sla_changed'), eq(logEntries.subject, 'seoul-vfs')));
const stored = async () => (await a.deps.db.select().from(partnerCentres).where(eq(partnerCentres.location, 'seoul-vfs')))[0]!.sla;
const inputValue = (body: string, name: string) => new RegExp(`<input class="input" id="${name}" name="${name}" type="text" value="([^"]*)"`).exec(body)?.[1];

test('the overseer changes a service level with the dashboard’s form: one centre.sla_changed event, and the dashboard shows the new value', async () => {
  const form = await overseer.get(PAGE);
  assert.match(form.body, /<form method="post" action="\/officer\/centres\/seoul-vfs\/sla" novalidate>/);
  assert.match(form.body, /<label class="label" for="checkInDays">Days from dispatch to check-in<\/label>/);
  assert.equal(inputValue(form.body, 'checkInDays'), '3', 'the value in force is shown');
  const saved = await overseer.submit(PAGE, ACTION, { ...DEFAULTS, checkInDays: '5' });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, '/officer/centres/seoul-vfs?changed=sla');
  const events = await slaChanges();
  assert.equal(events.length, 1);
  assert.match(events[0]!.leaf, /"after":\{"checkInDays":5,/);
  assert.doesNotMatch(events[0]!.leaf, /"actor":"system"/, 'the overseer is named');
  const shown = await overseer.get('/officer/centres/seoul-vfs?changed=sla&lang=en');
  assert.match(shown.body, /The service levels are saved\./);
  assert.equal(inputValue(shown.body, 'checkInDays'), '5');
  // The same values again: the form is idempotent, nothing more is logged.
  assert.equal((await overseer.submit(PAGE, ACTION, { ...DEFAULTS, checkInDays: '5' })).statusCode, 303);
  assert.equal((await slaChanges()).length, 1);
});

test('a bad value changes nothing and is shown at its field, described by its error, in the page’s language', async () => {
  const before = await stored();
  const refused = await overseer.submit(PAGE, ACTION, { ...DEFAULTS, checkInDays: '5', treeHeadHours: '0', disposalDays: 'soon' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /class="error-summary"/);
  assert.match(refused.body, /<a href="#treeHeadHours">Enter a whole number from 1 to 336<\/a>/);
  assert.match(refused.body, /<p class="error-message" id="treeHeadHours-error">Enter a whole number from 1 to 336<\/p>/);
  assert.match(refused.body, /id="treeHeadHours" name="treeHeadHours" type="text" value="0" aria-describedby="treeHeadHours-hint treeHeadHours-error" aria-invalid="true"/);
  assert.match(refused.body, /id="disposalDays-error">Enter a whole number from 0 to 180</);
  assert.doesNotMatch(refused.body, /id="checkInDays-error"/, 'a good value carries no error');
  assert.equal(inputValue(refused.body, 'disposalDays'), 'soon', 'what was typed is shown again');
  assert.deepEqual(await stored(), before);
  assert.equal((await slaChanges()).length, 1);
  const estonian = await overseer.submit('/officer/centres/seoul-vfs?lang=et', `${ACTION}?lang=et`, { ...DEFAULTS, reconciliationHours: '1000' });
  assert.equal(estonian.statusCode, 400);
  assert.match(estonian.body, /Sisesta täisarv 1 kuni 336/);
  const korean = await overseer.submit('/officer/centres/seoul-vfs?lang=ko', `${ACTION}?lang=ko`, { ...DEFAULTS, inclusionGraceMinutes: '' });
  assert.match(korean.body, /1~1440의 정수를 입력하세요/);
  assert.equal((await slaChanges()).length, 1);
});

test('a reader without centre:oversee sees the values but no form and is refused the change; a form without the CSRF token is refused', async () => {
  const auditor = await a.staffBrowser(['auditor']);
  const page = await auditor.get(PAGE);
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /action="\/officer\/centres\/seoul-vfs\/sla"/);
  assert.match(page.body, /<h2 id="sla-title">Service levels<\/h2>/);
  const refused = await auditor.submit(PAGE, ACTION, { ...DEFAULTS, checkInDays: '9' });
  assert.equal(refused.statusCode, 403);
  const forged = await overseer.send({ method: 'POST', url: ACTION, payload: new URLSearchParams({ ...DEFAULTS, checkInDays: '9' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } });
  assert.equal(forged.statusCode, 403);
  assert.equal((await stored())?.checkInDays, 5);
  assert.equal((await slaChanges()).length, 1);
});
