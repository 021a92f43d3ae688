// SPDX-License-Identifier: Apache-2.0
// The scenario in Chromium, with axe on every screen: a person obtains a public-worker ID
// (and more) into the web wallet from the issuer's offer; a bank's verification page asks for
// name and age over 19; the person sees who asks and why, consents; the bank sees the verified
// result without a birth date. Then the card is revoked and presenting the credential again is
// refused. An agency receives the household register certificate instead of paper, in the
// person's data tracker; the wallet's history shows every presentation. The driver's licence
// comes as an ISO mdoc too: an employer's verifier asks for it by DCQL (mso_mdoc), the wallet
// answers with a device-signed DeviceResponse, the verifier accepts it, and refuses it once the
// card is revoked. A person with only an ID card receives a credential by the authorization code
// flow: the wallet pushes its request, the person signs in at the issuer's page with the card, and
// the wallet finishes on the redirect back.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { accessesOf, trackerMigrations } from '@tessera/exchange';
import { openTrustFixture, type TrustFixture } from '@tessera/trust/testing';
import { changeCardState, createWebEidToken, findCardByOrder, openPinEnvelope, personaliseCard, type SealedPinEnvelope } from '@tessera/trust';
import { registerRelyingParty } from '@tessera/verifier';
import { MDL_EMPLOYER as EMPLOYER } from '@tessera/verifier/testing';
import { axeViolations } from '../testing/accessibility.ts';
import { freePort } from '../testing/free-port.ts';
import { credentialRegisters } from './credential-registers.ts';
import { catalogueDirectory } from '@tessera/credentials/testing';
import { CATALOGUE } from './credentials-exchange.ts';
import { createOffer } from '@tessera/credentials';
import { loadDemoCredentials, type DemoCredentials } from './demo-credentials.ts';
import { localCredentialsTrust } from './credentials-trust.ts';
import { sharedDataTracker } from './mobile-credentials-part.ts';
import { startMobileCredentials, type MobileCredentials } from './start-mobile-credentials.ts';

const MDL = 'org.iso.18013.5.1.mDL';
const NS = 'org.iso.18013.5.1';
const MDL_QUERY = { credentials: [{ id: 'licence', format: 'mso_mdoc', meta: { doctype_value: MDL }, claims: ['given_name', 'family_name', 'driving_privileges'].map((c) => ({ path: [NS, c], intent_to_retain: false })) }] };

describe('the web wallet and the verification app in Chromium', { timeout: 300_000 }, () => {
  let trust: TrustFixture;
  let mobile: MobileCredentials;
  let demo: DemoCredentials;
  let browser: Browser;
  let wallet: Page;
  let clerk: Page;
  let url: string;
  let employerKey: string;
  let registers: ReturnType<typeof credentialRegisters>;
  /** The wallet of a person with only an ID card, who receives credentials by the authorization code flow: a browser profile of its own. */
  let citizen: Page;
  /** That person's identification code, which the desk's offers for them name. */
  let citizenCode: string;
  const errors: string[] = [];
  /** The wallet page's console errors, shown when a test fails: they say why a screen stayed empty. */
  const consoleErrors: string[] = [];

  const accessible = async (page: Page, where: string) => assert.deepEqual(await axeViolations(page), [], `axe violations on ${where}`);
  const status = async (page: Page) => {
    await page.waitForFunction(() => {
      const text = document.querySelector('#status')?.textContent ?? '';
      return text !== '' && !text.endsWith('…');
    }, null, { timeout: 30_000 });
    return page.textContent('#status');
  };
  const clerkAsks = async (template: string) => {
    await clerk.goto(`${url}/verify`);
    await clerk.click(`button:has-text("${template}")`);
    await clerk.waitForSelector('#same-device');
    return clerk.getAttribute('#same-device', 'href');
  };

  /** A district office clerk, signed in on their own browser, asks for the household register certificate. */
  const districtOfficeAsks = async () => {
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${url}/verify`);
    await page.fill('#api-key', demo.relyingParties.find((r) => r.id === 'jongno-office')!.apiKey);
    await page.click('button[type=submit]');
    await page.click('button:has-text("Household register certificate")');
    return { page, href: await page.getAttribute('#same-device', 'href'), close: () => context.close() };
  };

  /** The employer's own system asks through the verifier's REST API; the result is read there too. */
  const employerAsks = async () => {
    const response = await fetch(`${url}/api/verifier/requests`, { method: 'POST', headers: { authorization: `Bearer ${employerKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ dcql_query: MDL_QUERY }) });
    assert.equal(response.status, 201);
    const { id, link } = await response.json() as { id: string; link: string };
    return { link, result: async () => (await fetch(`${url}/api/verifier/requests/${id}`, { headers: { authorization: `Bearer ${employerKey}` } })).json() as Promise<{ status: string; refusal: string | null; answers: Array<{ vct: string; claims: Record<string, unknown> }> | null }> };
  };
  /** The person opens the employer's link in the wallet and shares the mdoc licence; the wallet's status line. */
  const shareLicence = async (link: string) => {
    await wallet.goto(`${url}/wallet/#/request?link=${encodeURIComponent(link)}`);
    await wallet.waitForSelector('#consent');
    await wallet.click('#consent');
    return status(wallet);
  };

  /** The person pastes an offer of only the authorization_code grant: the wallet pushes its request and goes to the issuer's sign-in page. */
  const askIssuer = async (page: Page, configurationIds: string[]) => {
    const offer = { credential_issuer: url, credential_configuration_ids: configurationIds, grants: { authorization_code: {} } };
    await page.goto(`${url}/wallet/#/add`);
    await page.fill('#offer', `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`);
    await page.click('button[type=submit]');
  };

  /** Both the licence and the public-worker ID answer the age query: the person picks the ID. */
  const choosePublicWorkerId = async () => {
    const options = await wallet.$$eval('main select option', (o) => o.map((x) => ({ value: (x as HTMLOptionElement).value, text: x.textContent ?? '' })));
    await wallet.selectOption('main select', options.find((o) => /public servant ID/.test(o.text))!.value);
  };

  before(async () => {
    trust = await openTrustFixture();
    await trust.storage.migrate(trackerMigrations);
    const port = await freePort();
    url = `http://localhost:${port}`;
    // The wallet is under test here: the agencies' registers answer in-process (credentials-over-exchange.test.ts covers the exchange).
    registers = credentialRegisters({ clock: trust.clock });
    const claims = { claims: async (type: Parameters<typeof registers.release>[0], holder: string) => registers.release(type, holder, type.claims.map((c) => c.name)) ?? {} };
    mobile = await startMobileCredentials({ storage: trust.storage, clock: trust.clock, trust: await localCredentialsTrust(trust.deps), dataTracker: sharedDataTracker(trust.clock), url, host: '127.0.0.1', port, cookieSecret: 'c'.repeat(32), logLevel: 'silent', onError: (e) => errors.push(String(e)), claims, exchange: catalogueDirectory(CATALOGUE), ocspFetch: trust.relyingFetch });
    demo = await loadDemoCredentials(mobile, trust.deps, registers);
    employerKey = (await registerRelyingParty(mobile.verifier, EMPLOYER, 'admin-1')).apiKey;
    browser = await chromium.launch({ executablePath: process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
    wallet = await (await browser.newContext({ bypassCSP: true, locale: 'en-GB' })).newPage();
    clerk = await (await browser.newContext({ bypassCSP: true, locale: 'en-GB' })).newPage();
    wallet.on('pageerror', (e) => errors.push(`wallet: ${e.message}`));
    wallet.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(`${m.text()} (${m.location().url})`)));
  });
  // The page stamps key binding JWTs with the browser's real time: the services' manual clock keeps up with it, so a
  // slow run (the PostgreSQL lane on a busy machine) does not put iat past the verifier's 60 seconds ahead.
  beforeEach(() => trust.clock.set(new Date()));
  // Checked after each test, so an error is charged to the test that caused it and printed with it.
  afterEach(() => assert.deepEqual(errors.splice(0), [], `errors in the server or the wallet page; the page's console said: ${JSON.stringify(consoleErrors)}`));
  after(async () => {
    await citizen?.context().close();
    await browser?.close();
    await mobile?.close();
    await trust?.close();
  });

  it('installable: the page links a manifest with a start URL and scope, and the service worker takes control', async () => {
    await wallet.goto(`${url}/wallet/`);
    const manifest = await (await fetch(`${url}/wallet/manifest.webmanifest`)).json() as { start_url: string; scope: string; display: string; icons: unknown[] };
    assert.deepEqual([manifest.start_url, manifest.scope, manifest.display], ['/wallet/', '/wallet/', 'standalone']);
    assert.ok(manifest.icons.length > 0);
    assert.equal(await wallet.getAttribute('link[rel=manifest]', 'href'), '/wallet/manifest.webmanifest');
    assert.equal(await wallet.evaluate(async () => (await navigator.serviceWorker.ready).scope), `${url}/wallet/`);
    await accessible(wallet, 'the empty wallet');
  });

  it('receives the offered credentials by the pre-authorized code flow, with keys the page cannot export', async () => {
    await wallet.goto(`${url}/wallet/#/add`);
    await wallet.fill('#offer', demo.offer.link);
    await wallet.fill('#tx-code', demo.offer.txCode!);
    await accessible(wallet, 'the add screen');
    await wallet.click('button[type=submit]');
    assert.match((await status(wallet))!, /Added to your wallet: .*public servant ID/);
    await wallet.goto(`${url}/wallet/#/`);
    await wallet.waitForSelector('.card');
    assert.equal((await wallet.$$('.card')).length, 5);
    assert.equal((await wallet.$$('.card:has-text("ISO mobile document (mdoc)")')).length, 1);
    await accessible(wallet, 'the cards');
    const keys = await wallet.evaluate(async () => new Promise<Array<{ extractable: boolean; type: string }>>((resolve) => {
      const open = indexedDB.open('tessera-wallet');
      open.onsuccess = () => {
        const request = open.result.transaction('keys').objectStore('keys').getAll();
        request.onsuccess = () => resolve((request.result as CryptoKey[]).map((k) => ({ extractable: k.extractable, type: k.type })));
      };
    }));
    assert.equal(keys.length, 5);
    assert.ok(keys.every((k) => !k.extractable && k.type === 'private'));
  });

  it('receives a credential by the authorization code flow: pushed request, ID-card sign-in at the issuer’s page, redirect back to the wallet', async () => {
    const { card, openingCode } = await personaliseCard(trust.deps, { orderReference: 'WALLET-CODE-FLOW-1', givenNames: 'Seo-yeon', surname: 'Lee', dateOfBirth: '1991-07-02', sex: 'F', citizenship: 'KR', pickupLocation: 'seoul-vfs' }, 'officer-1');
    citizenCode = card.holderCode;
    await changeCardState(trust.deps, card.id, { action: 'activate' }, 'officer-1');
    registers.enrol({ identificationCode: card.holderCode, givenName: 'Seo-yeon', familyName: 'Lee', birthDate: '1991-07-02', facts: {} });
    const pins = openPinEnvelope(card.pinEnvelope as unknown as SealedPinEnvelope, openingCode);
    citizen = await (await browser.newContext({ bypassCSP: true, locale: 'en-GB' })).newPage();
    citizen.on('pageerror', (e) => errors.push(`citizen's wallet: ${e.message}`));
    // The Web eID browser extension, the one stand-in: the card is outside the system. It answers the page's
    // web-eid:authenticate message as the extension does, the card signing the origin and challenge after PIN1.
    const signed: string[] = [];
    await citizen.exposeFunction('cardInReader', async (origin: string, challenge: string) => {
      signed.push(challenge);
      return createWebEidToken(trust.deps.bureau.card(card.chipId)!, pins.PIN1, origin, challenge);
    });
    await citizen.addInitScript(() => {
      const reader = (window as unknown as { cardInReader(origin: string, challenge: string): Promise<object> }).cardInReader;
      window.addEventListener('message', async (event) => {
        const message = event.data as { action?: string; challengeNonce?: string };
        if (event.source !== window || message?.action !== 'web-eid:authenticate') return;
        window.postMessage({ action: 'web-eid:authenticate-ack' }, location.origin);
        window.postMessage({ action: 'web-eid:authenticate-success', ...(await reader(location.origin, message.challengeNonce!)) }, location.origin);
      });
    });
    await askIssuer(citizen, ['kr.mois.public-worker-id.sd-jwt', 'kr.mois.resident-registration-card.sd-jwt']);
    await citizen.waitForURL(/\/authorize\?client_id=tessera-web-wallet&request_uri=urn/);
    // The page's own script shows its sign-in button (hidden without JavaScript, where <noscript> explains).
    await citizen.waitForSelector('#card-sign-in:not([hidden])');
    await accessible(citizen, 'the issuer’s sign-in page');
    const challenge = (await citizen.getAttribute('[data-web-eid-challenge]', 'data-web-eid-challenge'))!;
    await citizen.getByRole('button', { name: 'Sign in with ID card' }).click();
    await citizen.waitForURL(`${url}/wallet/#/add`);
    assert.match((await status(citizen))!, /Added to your wallet: .*public servant ID/);
    assert.doesNotMatch(citizen.url(), /code=/, 'the code leaves the address bar');
    assert.deepEqual(signed, [challenge], 'the card signed the page’s challenge, once');
    await accessible(citizen, 'the wallet after the redirect back');
    await citizen.goto(`${url}/wallet/#/`);
    await citizen.waitForSelector('.card');
    assert.match((await citizen.textContent('.card'))!, /Seo-yeon Lee/);
    assert.equal((await citizen.$$('.card')).length, 2);
  });

  it('then signs in at the issuer with the resident registration card now in the wallet (OpenID4VP), and is sent back to the wallet with the code', async () => {
    await askIssuer(citizen, ['kr.mois.household-register-certificate.sd-jwt']);
    await citizen.waitForURL(/\/authorize\?/);
    // The issuer's page offers the wallet's credential as the sign-in; the phone hands its openid4vp:// link to the wallet.
    const link = (await citizen.getAttribute('a[href^="openid4vp://"]', 'href'))!;
    await citizen.goto(`${url}/wallet/#/request?link=${encodeURIComponent(link)}`);
    await citizen.waitForSelector('#consent', { timeout: 15_000 }).catch(async (e: Error) => assert.fail(`${e.message}; the wallet said: ${await citizen.textContent('main')}`));
    assert.equal(await citizen.textContent('#rp-name'), 'Tessera credential issuer');
    assert.match((await citizen.textContent('.disclosed'))!, /Seo-yeon|9107/);
    await citizen.click('#consent');
    await citizen.waitForURL(`${url}/wallet/#/add`);
    assert.match((await status(citizen))!, /Added to your wallet: .*Household register certificate/);
    await citizen.goto(`${url}/wallet/#/`);
    await citizen.waitForSelector('.card');
    assert.equal((await citizen.$$('.card')).length, 3);
  });

  it('a desk offer by reference with both grants: the wallet fetches it, and without the transaction code the person signs in at the issuer with the offer’s issuer_state', async () => {
    const created = await createOffer(mobile.issuer, { holder: citizenCode, documentRef: null, configurationIds: ['kr.mois.household-register-certificate.sd-jwt'], grants: ['pre-authorized_code', 'authorization_code'] }, 'desk-1');
    await citizen.goto(`${url}/wallet/#/add`);
    await citizen.fill('#offer', created.referenceLink);
    await citizen.click('button[type=submit]');
    await citizen.waitForURL(/\/authorize\?/);
    await citizen.getByRole('button', { name: 'Sign in with ID card' }).click();
    await citizen.waitForURL(`${url}/wallet/#/add`);
    assert.match((await status(citizen))!, /Added to your wallet: .*Household register certificate/);
    // The sign-in used the offer: the issuer no longer serves it, and the wallet says why in the person's words.
    await citizen.fill('#offer', created.referenceLink);
    await citizen.click('button[type=submit]');
    assert.match((await status(citizen))!, /does not know this offer, or it has expired or been used.*already used/);
    await accessible(citizen, 'the add screen with a used offer');
  });

  it('without the Web eID extension the issuer’s page says so after Sign in with ID card, and nothing is signed in', async () => {
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB' });
    try {
      const page = await context.newPage();
      await askIssuer(page, ['kr.mois.public-worker-id.sd-jwt']);
      await page.waitForURL(/\/authorize\?/);
      await page.getByRole('button', { name: 'Sign in with ID card' }).click();
      await page.waitForFunction(() => /did not answer/.test(document.querySelector('#card-sign-in-status')?.textContent ?? ''), undefined, { timeout: 10_000 });
      assert.match((await page.textContent('#card-sign-in-status'))!, /Install it \(web-eid\.eu\)/);
      assert.equal(await page.isEnabled('#card-sign-in'), true, 'the person can try again');
      assert.match(page.url(), /\/authorize\?/);
      await accessible(page, 'the issuer’s sign-in page after a failed sign-in');
    } finally {
      await context.close();
    }
  });

  it('shows a credential as a card in Korean and Estonian too', async () => {
    await wallet.click('.card:has-text("public servant ID")');
    await wallet.waitForSelector('.claims');
    assert.match((await wallet.textContent('.claims'))!, /Minji/);
    await wallet.selectOption('#locale', 'ko');
    await wallet.waitForFunction(() => document.documentElement.lang === 'ko');
    assert.match((await wallet.textContent('.claims'))!, /이름/);
    await accessible(wallet, 'a card in Korean');
    await wallet.selectOption('#locale', 'et');
    await wallet.waitForFunction(() => document.documentElement.lang === 'et');
    assert.match((await wallet.textContent('nav'))!, /Minu tõendid/);
    await wallet.selectOption('#locale', 'en');
  });

  it('a bank asks for name and age over 19; the person sees who and why, consents; the bank sees the result without a birth date', async () => {
    await clerk.goto(`${url}/verify`);
    await accessible(clerk, 'the verification app sign-in');
    await clerk.fill('#api-key', demo.relyingParties.find((r) => r.id === 'hana-bank')!.apiKey);
    await clerk.click('button[type=submit]');
    await clerk.waitForSelector('button:has-text("Age over 19")');
    await accessible(clerk, 'the templates');
    const href = await clerkAsks('Age over 19');
    assert.ok(await clerk.$('.qr svg'));
    await accessible(clerk, 'the QR page');
    await wallet.goto(`${url}${href}`);
    await wallet.waitForSelector('#consent');
    assert.equal(await wallet.textContent('#rp-name'), 'Hana Bank');
    assert.match((await wallet.textContent('#rp-purpose'))!, /age checks/);
    const shared = await wallet.textContent('.disclosed');
    assert.match(shared!, /Aged 19 or over/);
    assert.doesNotMatch(shared!, /Date of birth/);
    await accessible(wallet, 'the consent screen');
    // The template takes the licence as an mdoc too: chosen, the screen says the bank keeps none of it (intent_to_retain false).
    const options = await wallet.$$eval('main select option', (o) => o.map((x) => ({ value: (x as HTMLOptionElement).value, text: x.textContent ?? '' })));
    await wallet.selectOption('main select', options.find((o) => /ISO mobile document/.test(o.text))!.value);
    assert.match((await wallet.textContent('.disclosed'))!, /Aged 19 or over.*Not kept after the check/s);
    await accessible(wallet, 'the consent screen with an mdoc chosen');
    await choosePublicWorkerId();
    assert.doesNotMatch((await wallet.textContent('.disclosed'))!, /kept/);
    await wallet.click('#consent');
    assert.match((await status(wallet))!, /Shared/);
    await clerk.waitForSelector('#result', { timeout: 15_000 });
    assert.match((await clerk.textContent('#result'))!, /Verified/);
    const result = (await clerk.textContent('.summary-list'))!;
    assert.match(result, /Minji/);
    assert.match(result, /Aged 19 or over\s*Yes/);
    assert.doesNotMatch(result, /1994|Date of birth/);
    await accessible(clerk, 'the verified result');
  });

  it('an employer asks for the mdoc driving licence by DCQL; the wallet shows it as a card, answers with a DeviceResponse and the verifier accepts it', async () => {
    await wallet.goto(`${url}/wallet/#/`);
    await wallet.click('.card:has-text("ISO mobile document (mdoc)")');
    await wallet.waitForSelector('.claims');
    assert.match((await wallet.textContent('.claims'))!, /Minji/);
    await accessible(wallet, 'the mdoc card');
    const { link, result } = await employerAsks();
    await wallet.goto(`${url}/wallet/#/request?link=${encodeURIComponent(link)}`);
    await wallet.waitForSelector('#consent');
    assert.equal(await wallet.textContent('#rp-name'), 'Seoul Logistics');
    // Only the mdoc answers an mso_mdoc query: the SD-JWT licence of the same name is not offered.
    assert.equal((await wallet.$$('main select')).length, 0);
    assert.match((await wallet.textContent('.disclosed'))!, /Minji/);
    await accessible(wallet, 'the mdoc consent screen');
    await wallet.click('#consent');
    assert.match((await status(wallet))!, /Shared/);
    const verified = await result();
    assert.equal(verified.status, 'verified', JSON.stringify(verified));
    assert.equal(verified.answers![0]!.vct, MDL);
    assert.equal(verified.answers![0]!.claims[`${NS}.given_name`], 'Minji');
    assert.deepEqual(Object.keys(verified.answers![0]!.claims).toSorted(), [`${NS}.driving_privileges`, `${NS}.family_name`, `${NS}.given_name`]);
  });

  it('paperless household register submission: the agency receives verified data, recorded in the person’s data tracker', async () => {
    const { page: officeClerk, href, close } = await districtOfficeAsks();
    await wallet.goto(`${url}${href}`);
    await wallet.waitForSelector('#consent');
    await wallet.click('#consent');
    assert.match((await status(wallet))!, /Shared/);
    await officeClerk.waitForSelector('#result', { timeout: 15_000 });
    assert.match((await officeClerk.textContent('.summary-list'))!, /Household members/);
    const tracked = await accessesOf(trust.deps.db, `EE${demo.holder.code}`, { offset: 0, size: 10 });
    assert.equal(tracked.total, 1);
    assert.equal(tracked.items[0]!.client, 'Jongno District Office');
    await close();
  });

  it('after the card is revoked, presenting the same credential again is refused and the bank sees why', async () => {
    const card = await findCardByOrder(trust.deps.db, 'DEMO-WALLET-1');
    await changeCardState(trust.deps, card.id, { action: 'revoke', reason: 'lost' }, 'officer-1');
    // The issuer follows the card's status within moments: wait until its published list says so.
    const raw = await wallet.evaluate(async () => new Promise<string>((resolve) => {
      const open = indexedDB.open('tessera-wallet');
      open.onsuccess = () => {
        const request = open.result.transaction('credentials').objectStore('credentials').getAll();
        request.onsuccess = () => resolve((request.result as Array<{ raw: string; vct: string }>).find((c) => c.vct.endsWith('public-worker-id'))!.raw);
      };
    }));
    const { status: reference, iss } = JSON.parse(Buffer.from(raw.split('.')[1]!, 'base64url').toString()) as { status: unknown; iss: string };
    let seen = '';
    for (let i = 0; i < 100 && seen !== 'ERR_CREDENTIAL_REVOKED'; i++) {
      seen = await mobile.verifier.status.check(reference, iss).then(() => 'valid', (e: { code: string }) => e.code);
      if (seen !== 'ERR_CREDENTIAL_REVOKED') await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(seen, 'ERR_CREDENTIAL_REVOKED');
    const href = await clerkAsks('Age over 19');
    await wallet.goto(`${url}${href}`);
    await wallet.waitForSelector('#consent');
    await choosePublicWorkerId();
    await wallet.click('#consent');
    assert.match((await status(wallet))!, /refused the presentation: The credential has been revoked/);
    await clerk.waitForSelector('#result', { timeout: 15_000 });
    assert.match((await clerk.textContent('#result'))!, /Not accepted/);
    assert.equal(await clerk.textContent('#reason'), 'The credential has been revoked.');
    await accessible(clerk, 'the refused result');
    // The mdoc licence follows the same card (one transaction revokes every credential of it).
    const { link, result } = await employerAsks();
    assert.match((await shareLicence(link))!, /refused the presentation: The credential has been revoked/);
    const refused = await result();
    assert.deepEqual([refused.status, refused.refusal], ['refused', 'ERR_CREDENTIAL_REVOKED']);
  });

  it('the wallet’s history lists every presentation with who, why and what; declining shares nothing', async () => {
    const { href, close } = await districtOfficeAsks();
    await wallet.goto(`${url}${href}`);
    await wallet.waitForSelector('#decline');
    await wallet.click('#decline');
    assert.match((await status(wallet))!, /declined/);
    await wallet.goto(`${url}/wallet/#/history`);
    await wallet.waitForSelector('.history li');
    const entries = await wallet.$$eval('.history li', (l) => l.map((x) => x.textContent ?? ''));
    assert.equal(entries.length, 6);
    assert.match(entries[0]!, /Jongno District Office.*Declined/s);
    assert.match(entries[1]!, /Seoul Logistics.*Refused/s);
    assert.match(entries[2]!, /Hana Bank.*Refused/s);
    assert.match(entries[3]!, /Jongno District Office.*Shared.*Household register certificate/s);
    assert.match(entries[4]!, /Seoul Logistics.*Shared.*given_name, family_name, driving_privileges/s);
    assert.match(entries[5]!, /Hana Bank.*Shared.*Aged 19 or over|Hana Bank.*Shared/s);
    await accessible(wallet, 'the history');
    await close();
  });

  it('offline, the installed wallet still shows the credentials', async () => {
    await wallet.goto(`${url}/wallet/#/`);
    await wallet.evaluate(async () => navigator.serviceWorker.ready);
    consoleErrors.length = 0;
    await wallet.context().setOffline(true);
    try {
      await wallet.reload();
      await wallet.waitForSelector('.card', { timeout: 30_000 }).catch((e: Error) => assert.fail(`${e.message}; the page's console said: ${JSON.stringify(consoleErrors)}`));
      assert.equal((await wallet.$$('.card')).length, 5);
      // The page learns it is offline when its server does not answer, a moment after it shows the cards.
      await wallet.waitForFunction(() => /offline/.test(document.querySelector('#offline')?.textContent ?? ''), undefined, { timeout: 10_000 });
    } finally {
      await wallet.context().setOffline(false);
    }
  });
});
