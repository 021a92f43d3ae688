// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestFederation } from './test-federation.ts';
import { axeViolations } from '../testing/accessibility.ts';

const COOKIE_SECRET = 'a cookie secret for the benefits browser test';
// A woman born in March 1991 (Estonian code) living in Seoul.
const CODE = '49103150221';
let federation: Awaited<ReturnType<typeof startTestFederation>>;
let browser: Browser;

before(async () => {
  federation = await startTestFederation({ TESSERA_COOKIE_SECRET: COOKIE_SECRET });
  browser = await chromium.launch({ executablePath: process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
});
after(async () => {
  await browser?.close();
  await federation?.dispose();
});

/**
 * A browser signed in to the citizen portal. The card sign-in itself (Web eID with the card's PIN1)
 * is tested in trust; here the session cookie it sets is made the same way (signed with the
 * portal's cookie secret, as @fastify/cookie signs), so the flow starts signed in. The benefits
 * pages then sign the person in to the benefits service by the portal's signed assertion.
 */
async function signedInPage(o: { enforceCsp?: boolean } = {}): Promise<Page> {
  const value = JSON.stringify({ code: CODE, name: 'Min-seo Park', exp: Date.now() + 15 * 60_000 });
  const signed = `${value}.${createHmac('sha256', COOKIE_SECRET).update(value).digest('base64').replace(/=/g, '')}`;
  // axe is injected into the pages, which their Content-Security-Policy would refuse.
  const context = await browser.newContext({ bypassCSP: !o.enforceCsp, locale: 'en-GB' });
  await context.addCookies([{ name: 'citizen', value: encodeURIComponent(signed), url: new URL('/citizen', federation.urls.portal).toString() }]);
  return context.newPage();
}

async function expectAccessible(page: Page) {
  assert.deepEqual(await axeViolations(page), [], `accessibility violations on ${page.url()}`);
}

test('a person opts in, a birth is registered, the parent sees the family benefits in the inbox and applies in one step', { timeout: 240_000 }, async () => {
  const page = await signedInPage();
  await page.goto(new URL('/citizen/benefits', federation.urls.portal).toString());
  await expectAccessible(page);
  await page.getByLabel('Extended').check();
  await page.getByLabel('E-mail for notifications').fill('min-seo@example.org');
  await page.getByRole('button', { name: 'Save my choice' }).click();
  await page.getByText('Your choice is saved and your benefits were checked again.').waitFor();
  await expectAccessible(page);

  await federation.registers.registerBirth(`EE${CODE}`);
  // The register's report travels over the exchange; the life-event job runs every five seconds.
  const inbox = page.getByRole('table', { name: 'What we told you about, newest first' });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !(await inbox.getByText('First-meeting voucher').count())) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await page.reload();
  }
  for (const name of ['Child allowance', "Parents' benefit", 'First-meeting voucher']) assert.ok(await inbox.getByText(name).count(), `${name} in the inbox`);
  await expectAccessible(page);
  // The e-mail, as delivered to the development mailbox (the outbox keeps no text once sent).
  const mailbox = await page.context().newPage();
  let delivered = '';
  for (let i = 0; i < 20 && !/birth registered in your household/.test(delivered); i++) {
    await mailbox.goto(federation.urls.mailbox!);
    delivered = await mailbox.locator('main').innerText();
    if (!/birth registered in your household/.test(delivered)) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.match(delivered, /min-seo@example\.org[\s\S]*birth registered in your household[\s\S]*First-meeting voucher[^\n]*₩[23],000,000 once/);
  await mailbox.close();

  const offers = page.getByRole('table', { name: 'Programmes the rules found you or your household eligible for' });
  await offers.getByRole('row').filter({ hasText: 'First-meeting voucher' }).getByRole('button', { name: 'Apply in one step' }).click();
  await page.getByText('Your application was recorded.').waitFor();
  assert.ok(await offers.getByRole('row').filter({ hasText: 'First-meeting voucher' }).getByText(/Applied \(BA-\d{4}-\d{6}\): sent to the agency/).count());
  await expectAccessible(page);
});

test('in a browser that enforces the pages’ Content-Security-Policy, the portal’s page posts the assertion to the benefits service by itself, and no address the browser visits carries it', { timeout: 60_000 }, async () => {
  const page = await signedInPage({ enforceCsp: true });
  const visited: string[] = [];
  const posted: string[] = [];
  page.on('request', (request) => {
    visited.push(request.url());
    if (request.method() === 'POST') posted.push(`${new URL(request.url()).pathname} ${request.postData() ?? ''}`);
  });
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) refused.push(message.text());
  });
  await page.goto(new URL('/citizen/benefits', federation.urls.portal).toString());
  await page.getByRole('heading', { level: 1, name: 'What am I entitled to?' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/citizen/benefits');
  assert.deepEqual(refused, [], 'the page’s one script runs under its policy');
  assert.ok(posted.some((p) => p.startsWith('/citizen/benefits/sign-in/callback assertion=ey')), posted.join('\n'));
  assert.ok(visited.every((url) => !url.includes('assertion=')), visited.join('\n'));
  await page.context().close();
});
