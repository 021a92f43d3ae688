// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createStaff, findStaffByUsername, ManualClock, seededRandom } from '@tessera/platform';
import { approveCentreLogKeyReset, custodyOf, listCentreOversight, proposeCentreLogKeyReset } from '@tessera/authority';
import { createCentreStaff } from '@tessera/centre';
import { accessesOf } from '@tessera/exchange';
import { readConfig } from './config.ts';
import { koreanApplicant } from './demo/korean-applicants.ts';
import { startFederation, type Federation } from './federation.ts';
import { axeViolations } from './testing/accessibility.ts';
import { approvedApplication } from './testing/approved-application.ts';
import { bookingLinkFor } from './testing/booking-link.ts';
import { federationPorts } from './testing/free-port.ts';

const PASSWORD = 'a long passphrase for the Seoul operator';
const clock = new ManualClock(new Date());
let dir: string;
let federation: Federation;
let browser: Browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-centre-pages-'));
  const config = readConfig({ ...(await federationPorts()), TESSERA_DATA_DIR: dir, TESSERA_DEMO: 'false', TESSERA_LOG_LEVEL: 'silent' }).values;
  // The test moves the cards and the clock itself.
  federation = await startFederation(config, { warnings: [], quiet: true, clock, scheduledJobs: false });
  await createCentreStaff(federation.centre.storage.db, { username: 'seoul.desk', displayName: 'Min-ji Seo', organisation: 'VFS Global', roles: ['operator'], centre: 'seoul-vfs', password: PASSWORD }, clock);
  browser = await chromium.launch({ executablePath: process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
});
after(async () => {
  await browser?.close();
  await federation?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function expectAccessible(page: Page) {
  assert.deepEqual(await axeViolations(page), [], `accessibility violations on ${page.url()}`);
}

const centrePage = (path: string) => new URL(path, federation.centre.url).toString();

/** The operator signs in on the centre's own sign-in page (its own accounts, not the authority's). */
async function signIn(page: Page) {
  await page.goto(centrePage('/auth/sign-in'));
  await expectAccessible(page);
  await page.getByLabel('Username').fill('seoul.desk');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(/\/centre\//);
}

test('the Seoul flow through the pages: the operator checks the card in, the applicant books a slot, the guided handover activates the card; no page has an accessibility violation', { timeout: 300_000 }, async () => {
  // An applicant approved by the authority; the card bureau's shipment reaches the centre over the exchange.
  const form = { ...koreanApplicant(seededRandom(12), 1, clock.now()), surname: 'Pagetest' };
  const { card, photo, reference } = await approvedApplication(federation, form);
  await federation.moveCards();

  const operator = await (await browser.newContext({ bypassCSP: true, locale: 'en-GB' })).newPage();
  await signIn(operator);
  await operator.goto(centrePage('/centre/stock'));
  const stock = operator.getByRole('table', { name: 'Cards of this centre' });
  assert.ok(await stock.getByRole('row').filter({ hasText: card.documentNumber }).filter({ hasText: 'In transit' }).count(), 'the manifest announced the card');
  await expectAccessible(operator);
  await operator.getByLabel('Document number', { exact: true }).first().fill(card.documentNumber.toLowerCase());
  await operator.getByRole('button', { name: 'Check in' }).click();
  await operator.getByText(`Card ${card.documentNumber} is in stock`).waitFor();
  assert.ok(await stock.getByRole('row').filter({ hasText: card.documentNumber }).filter({ hasText: 'In stock' }).count());
  await expectAccessible(operator);

  // The centre reports the arrival; the authority e-mails the applicant the booking link.
  await federation.moveCards();
  const link = await bookingLinkFor(federation.storage.db, federation.urls.mailbox!, form.email);
  assert.ok(link, 'the applicant is told the card is ready, with a booking link');
  const applicant = await (await browser.newContext({ bypassCSP: true, locale: 'en-GB' })).newPage();
  await applicant.goto(link.toString());
  await applicant.getByText('You have not booked a time yet.').waitFor();
  await expectAccessible(applicant);
  const slots = applicant.getByRole('group', { name: 'Choose a time' }).getByRole('radio');
  const chosen = slots.first();
  const startsAt = new Date(String(await chosen.getAttribute('value')));
  await chosen.check();
  await applicant.getByRole('button', { name: 'Book this time' }).click();
  await applicant.getByText(/You are booked for/).waitFor();
  await expectAccessible(applicant);

  // The day of the appointment, a minute into the slot: the operator's session of yesterday has expired.
  clock.set(new Date(startsAt.getTime() + 60_000));
  await federation.exchange.publish();
  await operator.goto(centrePage('/centre/appointments'));
  if (!operator.url().includes('/centre/appointments')) {
    await signIn(operator);
    await operator.goto(centrePage('/centre/appointments'));
  }
  await expectAccessible(operator);
  await operator.getByRole('button', { name: `Start handover for ${card.documentNumber}` }).click();
  await operator.getByRole('heading', { name: '1. Identify the applicant' }).waitFor();
  await expectAccessible(operator);
  await operator.getByRole('button', { name: 'Fetch identity from the authority' }).click();
  await operator.getByRole('heading', { name: '2. Check passport, face and live sample' }).waitFor();
  assert.ok(await operator.getByText('PAGETEST').count(), 'the applicant’s name, from the authority over the exchange');
  assert.ok(await operator.getByRole('img', { name: 'Photo the applicant applied with' }).count());
  await expectAccessible(operator);
  await operator.getByLabel('The passport shown is the one above and its data match').check();
  await operator.getByLabel('The person in front of me is the person in the photo').check();
  await operator.getByLabel('Live photo or fingerprint capture').setInputFiles({ name: 'live.png', mimeType: 'image/png', buffer: Buffer.from(photo) });
  await operator.getByRole('button', { name: 'Record checks' }).click();
  await operator.getByText('Biometric score 1 (match)').waitFor();
  await expectAccessible(operator);
  await operator.getByLabel('Receipt signed by (name as in the passport)').fill(`${form.givenNames} PAGETEST`);
  await operator.getByRole('button', { name: 'Confirm handover' }).click();
  await operator.getByText(`Handed over. Card ${card.documentNumber} is active`).waitFor();
  await expectAccessible(operator);

  // The authority's side: the card is active, its chain of custody complete, the identity read in the person's data tracker.
  assert.equal((await federation.authority.cards!.cardsFor([reference])).get(reference)!.state, 'active');
  assert.deepEqual((await custodyOf(federation.authority, reference)).map((c) => c.event), ['dispatched', 'arrived', 'handed_over']);
  const tracker = await accessesOf(federation.storage.db, `EE${card.holderCode}`, { offset: 0, size: 50 });
  assert.ok(JSON.stringify(tracker).includes('identity check at the handover'), 'the read is in the person’s data tracker with its purpose');
});

test('the overseer’s per-centre dashboard, with its alerts, charts, suspension confirmation, service-level form and log key reset notices, has no accessibility violation in English, Estonian or Korean', { timeout: 300_000 }, async () => {
  await createStaff(federation.storage.db, { username: 'pbgb.overseer', displayName: 'Kadri Tamm', organisation: 'PBGB', roles: ['officer'], password: PASSWORD }, clock);
  // The centre's log goes quiet: a day and a half on, its head and reconciliation are overdue and show as alerts.
  clock.set(new Date(clock.now().getTime() + 40 * 3_600_000));
  const overseer = await (await browser.newContext({ bypassCSP: true, locale: 'en-GB' })).newPage();
  await overseer.goto(new URL('/auth/sign-in', federation.urls.portal).toString());
  await overseer.getByLabel('Username').fill('pbgb.overseer');
  await overseer.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await overseer.getByRole('button', { name: /sign in/i }).click();
  await overseer.waitForURL((url) => !url.pathname.startsWith('/auth/'));
  const portalPage = (path: string) => new URL(path, federation.urls.portal).toString();

  await overseer.goto(portalPage('/officer/centres?lang=en'));
  await overseer.getByRole('table', { name: 'Partner centres and their cards' }).waitFor();
  await expectAccessible(overseer);
  await overseer.goto(portalPage('/officer/centres/seoul-vfs?lang=en'));
  await overseer.getByRole('heading', { name: 'Alerts' }).waitFor();
  assert.ok(await overseer.getByRole('link', { name: 'The daily reconciliation is overdue' }).count(), 'an SLA breach is shown as an alert');
  assert.ok(await overseer.getByRole('img', { name: /Handovers per day/ }).count(), 'the chart is an image with a name');
  await expectAccessible(overseer);
  for (const lang of ['et', 'ko']) {
    await overseer.goto(portalPage(`/officer/centres/seoul-vfs?lang=${lang}`));
    await expectAccessible(overseer);
  }
  // The suspension form and its confirmation page; cancelled, nothing changes.
  await overseer.goto(portalPage('/officer/centres/seoul-vfs?lang=en'));
  await overseer.getByRole('textbox', { name: 'Reason', exact: true }).fill('Accessibility check of the confirmation page');
  await overseer.getByRole('button', { name: 'Suspend…' }).click();
  await overseer.getByRole('button', { name: 'Confirm the suspension' }).waitFor();
  await expectAccessible(overseer);
  await overseer.getByRole('link', { name: 'Cancel' }).click();
  await overseer.getByRole('heading', { name: 'Alerts' }).waitFor();
  assert.equal((await listCentreOversight(federation.authority, 'seoul-vfs'))[0]!.state, 'active');
  // The form's error state, too.
  await overseer.getByRole('button', { name: 'Suspend…' }).click();
  await overseer.getByRole('alert').waitFor();
  await expectAccessible(overseer);
  // The service-level form: a bad value is shown at its field, the page still accessible; a good one is saved.
  await overseer.goto(portalPage('/officer/centres/seoul-vfs?lang=en'));
  await overseer.getByRole('textbox', { name: 'Days from dispatch to check-in' }).fill('0');
  await overseer.getByRole('button', { name: 'Save the service levels' }).click();
  await overseer.getByRole('alert').waitFor();
  assert.equal(await overseer.getByRole('textbox', { name: 'Days from dispatch to check-in' }).getAttribute('aria-invalid'), 'true');
  await expectAccessible(overseer);
  await overseer.getByRole('textbox', { name: 'Days from dispatch to check-in' }).fill('4');
  await overseer.getByRole('button', { name: 'Save the service levels' }).click();
  await overseer.getByText('The service levels are saved.').waitFor();
  assert.equal((await listCentreOversight(federation.authority, 'seoul-vfs'))[0]!.sla.checkInDays, 4);
  await expectAccessible(overseer);
  // Last, since the centre's heads are checked against another key from then on: a reset of a lost log key, waiting and then approved, in each language.
  const second = await createStaff(federation.storage.db, { username: 'pbgb.second', displayName: 'Mari Kask', organisation: 'PBGB', roles: ['officer'], password: PASSWORD }, clock);
  const { publicKey } = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const { kty, crv, x } = await crypto.subtle.exportKey('jwk', publicKey);
  const reset = await proposeCentreLogKeyReset(federation.authority, 'seoul-vfs', { newKey: { kty, crv, x }, reason: 'The centre’s signing module failed' }, second.id);
  await overseer.goto(portalPage('/officer/centres/seoul-vfs?lang=en'));
  await overseer.getByRole('heading', { name: 'A reset of the log key waits for a second overseer' }).waitFor();
  await expectAccessible(overseer);
  await approveCentreLogKeyReset(federation.authority, 'seoul-vfs', reset.id, (await findStaffByUsername(federation.storage.db, 'pbgb.overseer'))!.id);
  for (const lang of ['en', 'et', 'ko']) {
    await overseer.goto(portalPage(`/officer/centres/seoul-vfs?lang=${lang}`));
    await overseer.locator('#log-key-resets').waitFor();
    await expectAccessible(overseer);
  }
});
