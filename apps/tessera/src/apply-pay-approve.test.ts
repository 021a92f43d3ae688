// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createStaff, systemClock } from '@tessera/platform';
import { specimenPassportScan, specimenPortrait } from '@tessera/authority';
import { createCentreStaff } from '@tessera/centre';
import { readConfig } from './config.ts';
import { startFederation, type Federation } from './federation.ts';
import { axeViolations } from './testing/accessibility.ts';
import { federationPorts } from './testing/free-port.ts';
import { clientId, servicePath } from './exchange/members.ts';

const PASSWORD = 'a long passphrase for officers';
let dir: string;
let federation: Federation;
let browser: Browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-e2e-'));
  const config = readConfig({
    ...(await federationPorts()),
    TESSERA_DATA_DIR: dir,
    TESSERA_DEMO: 'false',
    TESSERA_LOG_LEVEL: 'silent',
  }).values;
  federation = await startFederation(config, { warnings: [], quiet: true });
  for (const [username, displayName] of [['officer.one', 'Officer One'], ['officer.two', 'Officer Two']] as const) {
    await createStaff(federation.storage.db, { username, displayName, organisation: 'PBGB', roles: ['officer'], password: PASSWORD }, systemClock);
  }
  await createStaff(federation.storage.db, { username: 'exchange.operator', displayName: 'Exchange Operator', organisation: 'RIA', roles: ['exchange_operator'], password: PASSWORD }, systemClock);
  // The centre is its own organisation: its operator is an account in the centre's own storage.
  await createCentreStaff(federation.centre.storage.db, { username: 'vfs.operator', displayName: 'VFS Operator', organisation: 'VFS Global', roles: ['operator'], centre: 'seoul-vfs', password: PASSWORD }, systemClock);
  writeFileSync(join(dir, 'photo.png'), specimenPortrait());
  writeFileSync(join(dir, 'passport.pdf'), specimenPassportScan('M55501234'));
  browser = await chromium.launch({ executablePath: process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
});
after(async () => {
  await browser?.close();
  await federation?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh browser profile; axe is injected as a script, so the page's CSP is bypassed for it only here. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB' });
  return context.newPage();
}

async function expectAccessible(page: Page) {
  assert.deepEqual(await axeViolations(page), [], `accessibility violations on ${page.url()}`);
}

async function signIn(page: Page, username: string, start = federation.urls.console) {
  await page.goto(start);
  await expectAccessible(page);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(new RegExp(new URL(start).pathname));
}

test('an applicant applies and pays; a flagged application is approved by two different officers', async () => {
  const applicant = await newPage();
  await applicant.goto(new URL('/apply?lang=en', federation.urls.portal).toString());
  await expectAccessible(applicant);

  // A first submit with nothing filled in shows the error summary, linked to the fields.
  await applicant.getByRole('button', { name: 'Submit and pay' }).click();
  await applicant.getByRole('alert').waitFor();
  await expectAccessible(applicant);

  // The applicant shares a name and date of birth with a sample sanctions-list entry: the check flags it.
  await applicant.getByLabel('Given names').fill('Chol Su');
  await applicant.getByLabel('Surname').fill('Pak');
  await applicant.getByLabel('Date of birth').fill('1971-06-02');
  await applicant.getByLabel('Male', { exact: true }).check();
  await applicant.getByLabel('Citizenship').selectOption('KR');
  await applicant.getByLabel('Country of residence').selectOption('KR');
  await applicant.getByLabel('E-mail address').fill('chol.su.pak@example.kr');
  await applicant.getByLabel('Passport number').fill('M55501234');
  await applicant.getByLabel('Issuing country').selectOption('KR');
  await applicant.getByLabel('Date of issue').fill('2023-02-01');
  await applicant.getByLabel('Date of expiry').fill('2033-02-01');
  await applicant.getByLabel('Found and run an EU company').check();
  await applicant.getByLabel('Describe your purpose').fill('I run a trading business in Seoul and want to open an EU company.');
  await applicant.getByLabel(/Seoul/).check();
  await applicant.getByLabel('Photo of your face').setInputFiles(join(dir, 'photo.png'));
  await applicant.getByLabel('Scan of your passport’s photo page').setInputFiles(join(dir, 'passport.pdf'));
  await applicant.getByRole('button', { name: 'Submit and pay' }).click();

  // The hosted payment page of the provider.
  await applicant.waitForURL(new RegExp(`^${federation.urls.payments}pay/`));
  await expectAccessible(applicant);
  await applicant.getByLabel('Card number').fill('4242 4242 4242 4242');
  await applicant.getByRole('button', { name: /^Pay/ }).click();
  await applicant.waitForURL(/\/applications\/status\/.*payment=succeeded/);
  await expectAccessible(applicant);
  assert.match(await applicant.locator('main').innerText(), /Being reviewed/);

  const first = await newPage();
  await signIn(first, 'officer.one');
  await expectAccessible(first);
  await first.getByLabel('Checks').selectOption('true');
  await first.getByRole('button', { name: 'Filter' }).click();
  await first.getByRole('link', { name: /^ER-/ }).first().click();
  await expectAccessible(first);
  assert.match(await first.locator('main').innerText(), /PAK CHOL SU/i, 'the sanctions check names the listed person');
  await first.getByRole('button', { name: 'Approve', exact: true }).click();
  await first.waitForURL(/done=1/);
  assert.match(await first.locator('main').innerText(), /A different officer must give the second approval/);
  assert.equal(await first.getByRole('button', { name: /approve/i }).count(), 0, 'the first approver cannot approve again');

  const second = await newPage();
  await signIn(second, 'officer.two');
  await second.goto(first.url().replace('?done=1', ''));
  await second.getByRole('button', { name: 'Give second approval' }).click();
  await second.waitForURL(/done=1/);
  await expectAccessible(second);
  assert.match(await second.locator('main').innerText(), /Approved/);

  await applicant.reload();
  assert.match(await applicant.locator('main').innerText(), /Approved/);

  // The card was personalised on approval and shipped to Seoul; the centre's operator checks it in.
  const reference = (await second.locator('h1').innerText()).match(/ER-\d{4}-\d{6}/)![0];
  await federation.moveCards();
  const documentNumber = (await federation.authority.cards!.cardsFor([reference])).get(reference)!.documentNumber;
  const centre = await newPage();
  await signIn(centre, 'vfs.operator', federation.urls.centre);
  await expectAccessible(centre);
  await centre.getByLabel('Document number', { exact: true }).first().fill(documentNumber);
  await centre.getByRole('button', { name: 'Check in' }).click();
  await centre.waitForURL(/done=/);
  assert.match(await centre.locator('main').innerText(), new RegExp(`Card ${documentNumber} is in stock`));
  await expectAccessible(centre);

  // The officer finds the card in the register, still on hold until its handover.
  await second.goto(new URL(`/officer/cards?lang=en`, federation.urls.portal).toString());
  await expectAccessible(second);
  await second.getByRole('row', { name: new RegExp(reference) }).getByRole('link').click();
  await expectAccessible(second);
  assert.match(await second.locator('main').innerText(), /Personalised/);

  // Each step reached the applicant by e-mail, over SMTP to the development mailbox.
  const subjects = await waitForMail(/is approved/);
  for (const step of [/pay the state fee/, /is being reviewed/, /is approved/, /digi-ID is being made/]) assert.ok(subjects.some((s) => step.test(s)), `${step} in ${subjects.join(' | ')}`);
});

test('the exchange operator revokes an access right in the console and the gateways enforce it', async () => {
  const income = federation.exchange.gateways.welfare + servicePath('tax', 'income/38001085718');
  const ask = () => fetch(income, { headers: { 'X-Road-Client': clientId('welfare'), 'X-Tessera-Data-Subject': 'EE38001085718', 'X-Tessera-Purpose': 'proactive check of benefit eligibility' } });
  assert.equal((await ask()).status, 200);
  const operator = await newPage();
  await signIn(operator, 'exchange.operator', new URL('/exchange/console', federation.urls.portal).toString());
  await expectAccessible(operator);
  await operator.getByLabel('Action').selectOption('revoke');
  await operator.getByLabel('Client').selectOption('GOV/70001975/benefits');
  await operator.getByLabel('Service', { exact: true }).selectOption('GOV/70000349/tax/income');
  await operator.getByRole('button', { name: 'Apply' }).click();
  await operator.waitForURL(/done=1/);
  const refused = await ask();
  assert.equal(refused.status, 500);
  assert.equal(refused.headers.get('x-road-error'), 'Server.ServerProxy.AccessDenied');
});

test('the exchange operator opens the shared gateway’s hosted clients from the console; a mistyped client is shown beside the field and nothing changes', async () => {
  const operator = await newPage();
  await signIn(operator, 'exchange.operator', new URL('/exchange/console', federation.urls.portal).toString());
  await operator.getByRole('link', { name: 'GOV/70007340/gw1 – its hosted clients' }).click();
  await operator.waitForURL(/\/exchange\/console\/gateways\/GOV\/70007340\/gw1\/clients$/);
  await expectAccessible(operator);
  const rows = await operator.locator('tbody tr').count();
  assert.ok(rows > 100, `the agencies’ subsystems are listed (${rows})`);
  await operator.getByLabel('Client subsystem').fill('not a subsystem');
  await operator.getByRole('button', { name: 'Add client' }).click();
  await operator.getByText('Enter the client subsystem as CLASS/CODE/SUBSYSTEM', { exact: false }).first().waitFor();
  await expectAccessible(operator);
  assert.equal(await operator.getByLabel('Client subsystem').getAttribute('aria-invalid'), 'true');
  assert.equal(await operator.locator('tbody tr').count(), rows);
});

async function waitForMail(subject: RegExp): Promise<string[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const page = await (await fetch(federation.urls.mailbox!)).text();
    const subjects = [...page.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]!);
    if (subjects.some((s) => subject.test(s))) return subjects;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`no e-mail matching ${subject} arrived`);
}
