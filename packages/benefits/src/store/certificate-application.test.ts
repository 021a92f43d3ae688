// SPDX-License-Identifier: Apache-2.0
// Applying in one step for a programme whose agency asks for the household register: the person
// presents the certificate from their wallet to the verifier (OpenID4VP, encrypted response), and
// the service, one of the verifier's relying parties, records the verified certificate on the
// application instead of asking for a paper copy. The verifier and the wallet's request check
// are the real ones; the wallet's presentation is made as the wallet makes it.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { buildServer, logEntries, mailMigrations, ManualClock, openTestStorage, transparencyMigrations, type Storage } from '@tessera/platform';
import { loadTrustAnchors } from '@tessera/trust';
import { registerRelyingParty, templateRegistration } from '@tessera/verifier';
import { openVerifierFixture, openVerifierServer, type VerifierFixture } from '@tessera/verifier/testing';
import { verifyRequestObject } from '@tessera/wallet';
import { ALL_PROGRAMMES } from '../domain/programmes/catalogue.ts';
import { registerBenefitsPages } from '../http/benefits-routes.ts';
import { verifierClient } from '../http/verifier-client.ts';
import { testAgencies } from '../testing/test-agencies.ts';
import { applyForOffer, sendPendingApplications } from './apply-for-offer.ts';
import type { BenefitsDeps } from './benefits-deps.ts';
import { chooseConsent } from './choose-consent.ts';
import { benefitsMigrations } from './migrations.ts';
import { personOverview } from './person-overview.ts';
import { recordPresentedCertificate, requestCertificate } from './present-certificate.ts';
import { reevaluatePerson } from './reevaluate-person.ts';
import { applications } from './schema.ts';

const CLAIMS = ['family_name', 'given_name', 'personal_identifier', 'resident_address', 'household_members', 'certificate_number'];

describe('the household register certificate presented from the wallet when applying', { timeout: 240_000 }, () => {
  let f: VerifierFixture;
  let verifier: Awaited<ReturnType<typeof openVerifierServer>>;
  let storage: Storage;
  let deps: BenefitsDeps;
  let agencies: ReturnType<typeof testAgencies>;
  let person: string;
  let other: string;
  let credential: string;
  const tracked: Array<{ identificationCode: string; client: string; service: string }> = [];

  before(async () => {
    f = await openVerifierFixture({ register: [] });
    verifier = await openVerifierServer(f);
    verifier.deps.dataTracker = async (_tx, entry) => void tracked.push(entry);
    const { apiKey } = await registerRelyingParty(verifier.deps, {
      id: 'proactive-benefits', name: { en: 'Proactive benefits', ko: '복지 멤버십', et: 'Proaktiivsed toetused' },
      purpose: { en: 'Applying for a benefit: the household register', ko: '복지 급여 신청: 주민등록표 등본', et: 'Toetuse taotlus: leibkonna registritõend' },
      claims: templateRegistration(['household-register'], verifier.deps.vctBase),
    }, 'admin-1');
    const code = f.holder.card.holderCode;
    person = `EE${code}`;
    other = 'EE36101150003';
    // The register's record behind the certificate: the holder's household is the holder alone.
    f.holder.person.facts = { household_members: [code], resident_address: '12 Sejong-daero, Jongno-gu, Seoul', certificate_number: 'HR-2026-000417' };
    credential = await f.credential('kr.mois.household-register-certificate');

    storage = await openTestStorage();
    for (const m of [transparencyMigrations, mailMigrations, benefitsMigrations]) await storage.migrate(m);
    const elder = { household_role: 1, birth_month: '1961-04', earned_income_monthly: 0, other_income_monthly: 400_000, total_income: { 2025: 4_800_000 } };
    agencies = testAgencies({
      people: { [person]: { household: 'h1', inputs: elder }, [other]: { household: 'h2', inputs: elder } },
      households: Object.fromEntries(['h1', 'h2'].map((h) => [h, { region: 2, depopulating_area: false, newlywed: false, property_value: 80_000_000, monthly_rent: 0, homeowner: true, first_time_buyer: false }])),
    });
    deps = {
      db: storage.db, clock: new ManualClock('2026-05-10T09:00:00Z'), agencies: agencies.port, intake: agencies.intake, pageUrl: 'https://portal.example/citizen/benefits', programmes: ALL_PROGRAMMES,
      certificates: verifierClient({
        url: verifier.url, apiKey, vct: `${verifier.deps.vctBase}/kr.mois.household-register-certificate`, issuers: verifier.deps.issuerTrust.issuers.map((i) => i.iss), subjectOf: (code) => `EE${code}`,
      }),
    };
    for (const s of [person, other]) {
      await chooseConsent(deps, { subject: s, tier: 'extended', locale: 'en' });
      await reevaluatePerson(deps, s, 'consent');
    }
  });
  after(async () => {
    await storage?.close();
    await verifier?.close();
    await f?.close();
  });

  const offerOf = async (subject: string, programme: string) => (await personOverview(storage.db, subject)).offers.find((o) => o.programme === programme && o.status === 'eligible')!;
  const logged = async (type: string) => (await storage.db.select().from(logEntries).where(eq(logEntries.type, type))).length;

  /** The wallet: checks who asks (the signed request object, to a trusted root), then answers with the chosen disclosures, encrypted to the verifier. */
  const presentFromWallet = async (link: string) => {
    const url = new URL(link);
    const jwt = await (await fetch(url.searchParams.get('request_uri')!)).text();
    const { payload, signer } = await verifyRequestObject(jwt, url.searchParams.get('client_id')!, await loadTrustAnchors(f.issuer.trust.storage.db), f.deps.clock.now());
    assert.match(signer, /proactive-benefits|Proactive benefits/i, 'the wallet shows who asks');
    const request = payload as { nonce: string; state: string; client_id: string; response_uri: string; client_metadata: { jwks: { keys: JWK[] } } };
    const presentation = await f.present(credential, { disclose: CLAIMS, nonce: request.nonce, aud: request.client_id });
    const key = request.client_metadata.jwks.keys[0]!;
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ vp_token: { household: [presentation] }, state: request.state })))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM', ...(key.kid ? { kid: key.kid } : {}) }).encrypt(await importJWK(key, 'ECDH-ES'));
    const answered = await fetch(request.response_uri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ response: jwe }).toString() });
    return answered.status;
  };

  it('a programme that needs no certificate is sent as before', async () => {
    const applied = await applyForOffer(deps, { subject: person, offerId: (await offerOf(person, 'kr.basic-pension')).id });
    assert.equal(applied.status, 'pending');
  });

  it('the person presents the certificate from the wallet and the application records it instead of asking for documents', async () => {
    const applied = await applyForOffer(deps, { subject: person, offerId: (await offerOf(person, 'kr.nbls-livelihood')).id });
    assert.equal(applied.status, 'awaiting-certificate');
    await sendPendingApplications(deps);
    assert.ok(!agencies.sent.some((a) => a.reference === applied.reference), 'not sent while the certificate is missing');

    const { link } = await requestCertificate(deps, { subject: person, applicationId: applied.id });
    assert.match(link, /^openid4vp:\/\//);
    assert.deepEqual(await recordPresentedCertificate(deps, { subject: person, applicationId: applied.id }), { status: 'pending' }, 'nothing is recorded before the wallet answers');

    assert.equal(await presentFromWallet(link), 200);
    const recorded = await recordPresentedCertificate(deps, { subject: person, applicationId: applied.id });
    assert.equal(recorded.status, 'verified');
    const [row] = await storage.db.select().from(applications).where(eq(applications.id, applied.id));
    assert.equal(row!.status, 'pending');
    assert.deepEqual(row!.certificate, {
      vct: `${verifier.deps.vctBase}/kr.mois.household-register-certificate`, issuer: verifier.deps.issuerTrust.issuers[0]!.iss, certificateNumber: 'HR-2026-000417',
      address: '12 Sejong-daero, Jongno-gu, Seoul', members: [person], verifierRequest: row!.certificateRequest, verifiedAt: '2026-05-10T09:00:00.000Z',
    });
    assert.equal(await logged('application.certificate-verified'), 1);
    const log = JSON.stringify(await storage.db.select().from(logEntries).where(eq(logEntries.type, 'application.certificate-verified')));
    assert.doesNotMatch(log, new RegExp(f.holder.card.holderCode), 'the public log names no identification code');

    await sendPendingApplications(deps);
    const sent = agencies.sent.find((a) => a.reference === applied.reference);
    assert.ok(sent, 'sent once the certificate is there');
    assert.equal((sent.prefilled.householdRegisterCertificate as { certificateNumber: string }).certificateNumber, 'HR-2026-000417');
    assert.ok(tracked.some((t) => t.identificationCode === f.holder.card.holderCode && t.client === 'Proactive benefits' && /household-register-certificate/.test(t.service)), 'the person\'s data tracker records that the service received the certificate');
    await assert.rejects(recordPresentedCertificate(deps, { subject: person, applicationId: applied.id }), { code: 'ERR_CERTIFICATE_NOT_EXPECTED' });
  });

  it('someone else\'s certificate is refused and the application keeps waiting', async () => {
    const applied = await applyForOffer(deps, { subject: other, offerId: (await offerOf(other, 'kr.nbls-livelihood')).id });
    const { link } = await requestCertificate(deps, { subject: other, applicationId: applied.id });
    assert.equal(await presentFromWallet(link), 200, 'the verifier verifies it: it is a valid certificate, of another person');
    await assert.rejects(recordPresentedCertificate(deps, { subject: other, applicationId: applied.id }), { code: 'ERR_CERTIFICATE_REFUSED' });
    const [row] = await storage.db.select().from(applications).where(eq(applications.id, applied.id));
    assert.equal(row!.status, 'awaiting-certificate');
    assert.equal(row!.certificate, null);
    await assert.rejects(requestCertificate(deps, { subject: person, applicationId: applied.id }), 'another person cannot act on the application');
  });

  it('on the citizen pages: applying leads to the wallet step, CSRF guards it, and the verified certificate sends the application', async () => {
    const server = await buildServer({ title: 'test', cookieSecret: 'x'.repeat(32), logLevel: 'silent' });
    registerBenefitsPages(server, deps, { citizen: () => person, signInPath: '/citizen/sign-in' });
    await server.ready();
    try {
      const jar = new Map<string, string>();
      const send = async (method: 'GET' | 'POST', url: string, fields?: Record<string, string>) => {
        const res = await server.inject({ method, url, headers: { accept: 'text/html', cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(fields ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, ...(fields ? { payload: new URLSearchParams(fields).toString() } : {}) });
        for (const c of res.cookies as Array<{ name: string; value: string }>) jar.set(c.name, c.value);
        return res;
      };
      const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
      const home = await send('GET', '/citizen/benefits');
      const applied = await send('POST', '/citizen/benefits/applications', { _csrf: csrfOf(home.body), offer: (await offerOf(person, 'kr.nbls-medical')).id });
      assert.equal(applied.statusCode, 303);
      const step = String(applied.headers.location);
      assert.match(step, /^\/citizen\/benefits\/applications\/[0-9a-f-]{36}\/certificate$/);
      const first = await send('GET', step);
      assert.match(first.body, /Present your household register certificate/);
      assert.equal((await send('POST', `${step}/request`, {})).statusCode, 403, 'no CSRF token, no request');
      assert.equal((await send('POST', `${step}/request`, { _csrf: csrfOf(first.body) })).statusCode, 303);
      const open = await send('GET', step);
      const link = /href="(openid4vp:[^"]+)"/.exec(open.body)![1]!.replaceAll('&amp;', '&');
      const early = await send('POST', `${step}/check`, { _csrf: csrfOf(open.body) });
      assert.equal(early.headers.location, `${step}?pending=1`);
      assert.equal(await presentFromWallet(link), 200);
      const done = await send('POST', `${step}/check`, { _csrf: csrfOf(open.body) });
      assert.equal(done.headers.location, '/citizen/benefits?done=certificate');
      const after = await send('GET', '/citizen/benefits?done=certificate');
      assert.match(after.body, /household register certificate was verified/);
      assert.match(after.body, /NBLS medical benefit[\s\S]*sent to the agency/);
      const gone = await send('GET', step);
      assert.equal(gone.statusCode, 409, 'the wallet step is over once the certificate is recorded');
    } finally {
      await server.close();
    }
  });
});
