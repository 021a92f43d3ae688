// SPDX-License-Identifier: Apache-2.0
// The issuer asks each credential type's owning agency for the claims over the exchange, through
// real gateways: every read names the holder and the purpose and shows in their data tracker; an
// answer that does not fit is refused whole and nothing is issued.
import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Jwk } from '@openid4vc/oauth2';
import { Openid4vciClient, setGlobalConfig } from '@openid4vc/openid4vci';
import { digest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { count, eq, sql } from 'drizzle-orm';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { accessesOf } from '@tessera/exchange';
import { createOffer, decideDeferredIssuance, findType, issueCredentials, listIssuedCredentials } from '@tessera/credentials';
import { dpopClient, vciWallet } from '@tessera/credentials/testing';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { createStaff, logEntries, systemClock } from '@tessera/platform';
import { changeCardState, getCard, personaliseCard } from '@tessera/trust';
import { startTestFederation } from '../benefits/test-federation.ts';
import { clientId } from '../exchange/members.ts';
import { HttpBrowser } from '../testing/http-browser.ts';
import { chromium } from 'playwright-core';
import { axeViolations } from '../testing/accessibility.ts';

describe('the issuer in the federation: claims from the owning agencies over the exchange, administration on the staff portal', { timeout: 300_000 }, () => {
  let federation: Awaited<ReturnType<typeof startTestFederation>>;
  let orders = 0;
  const { newKey, callbacks: walletCallbacks } = vciWallet();


  /** A person with an active card; the agencies' clerks register them unless told not to. */
  const newHolder = async (o: { enrol?: boolean; facts?: Record<string, unknown> } = {}) => {
    const trust = federation.trust;
    const { card } = await personaliseCard(trust, { orderReference: `CX-${++orders}-${Date.now()}`, givenNames: 'Seo-jun', surname: 'Han', dateOfBirth: '1988-11-02', sex: 'M', citizenship: 'KR', pickupLocation: 'seoul-vfs' }, 'officer-1');
    await changeCardState(trust, card.id, { action: 'activate' }, 'officer-1');
    const { certificates } = await getCard(trust.db, trust.clock, card.id, { staffId: 'officer-1', purpose: 'test holder' });
    const documentRef = certificates.find((c) => c.usage === 'authentication')!.serial;
    if (o.enrol !== false) federation.credentialRegisters.enrol({ identificationCode: card.holderCode, givenName: 'Seo-jun', familyName: 'Han', birthDate: '1988-11-02', facts: o.facts });
    return { code: card.holderCode, subject: `EE${card.holderCode}`, documentRef };
  };
  const issue = async (holder: { code: string; documentRef: string }, typeId: string, format: 'dc+sd-jwt' | 'mso_mdoc' = 'dc+sd-jwt') => issueCredentials(federation.mobile.issuer, {
    type: (await findType(federation.storage.db, typeId)).type, format, holder: holder.code, documentRef: holder.documentRef, keys: [await newKey()],
  });
  const issuedEvents = async () => (await federation.storage.db.select({ n: count() }).from(logEntries).where(eq(logEntries.type, 'credentials.issued')))[0]!.n;
  const issuerReads = async (subject: string) => (await accessesOf(federation.storage.db, subject, { offset: 0, size: 100 })).items.filter((a) => a.client === clientId('credentials'));

  before(async () => {
    setGlobalConfig({ allowInsecureUrls: true });
    federation = await startTestFederation();
  });
  after(async () => {
    await federation?.dispose();
  });

  it('an independent OpenID4VCI client obtains a public-worker ID whose claims the ministry released over the exchange, the read in the holder’s data tracker with its purpose', async () => {
    const holder = await newHolder({ facts: { position: 'Deputy Director', employee_number: 'MOIS-20417' } });
    const issuer = federation.mobile.issuer;
    const created = await createOffer(issuer, { holder: holder.code, documentRef: holder.documentRef, configurationIds: ['kr.mois.public-worker-id.sd-jwt'] }, 'desk-1');
    const client = new Openid4vciClient({ callbacks: walletCallbacks });
    const offer = await client.resolveCredentialOffer(created.link);
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
    const { accessTokenResponse, dpop } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata, txCode: created.txCode!, dpop: { signer: { method: 'jwk', alg: 'ES256', publicJwk: (await newKey()) as Jwk } } });
    const { c_nonce } = await client.requestNonce({ issuerMetadata });
    const { jwt } = await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId: 'kr.mois.public-worker-id.sd-jwt', nonce: c_nonce, signer: { method: 'jwk', alg: 'ES256', publicJwk: (await newKey()) as Jwk } });
    const response = await client.retrieveCredentials({ issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId: 'kr.mois.public-worker-id.sd-jwt', proofs: { jwt: [jwt] }, dpop: dpop! });
    const credential = (response.credentialResponse.credentials?.[0] as { credential: string }).credential;
    const claims = await new SDJwtVcInstance({ hasher: digest }).getClaims(credential) as Record<string, unknown>;
    assert.equal(claims.position, 'Deputy Director');
    assert.equal(claims.employee_number, 'MOIS-20417');
    assert.equal(claims.given_name, 'Seo-jun');

    const reads = await issuerReads(holder.subject);
    assert.equal(reads.length, 1, 'one read, recorded by the ministry’s gateway');
    assert.ok(reads[0]!.service.endsWith('/GOV/1741000/personnel/public-worker-id'), reads[0]!.service);
    assert.match(reads[0]!.purpose, /mobile credential "Ministry of the Interior and Safety public servant ID" \(kr\.mois\.public-worker-id, version 1\)/);
  });

  it('each type asks its own agency, in every format: the driver’s licence (SD-JWT VC and mdoc) from the police’s driver register, the nurse licence from the health ministry', async () => {
    const holder = await newHolder({ facts: { driving_privileges: ['B', 'A2'], profession: 'Registered nurse', licence_status: 'active' } });
    await issue(holder, 'kr.knpa.mobile-driver-licence');
    const mdoc = await issue(holder, 'kr.knpa.mobile-driver-licence', 'mso_mdoc');
    assert.equal(mdoc.credentials.length, 1);
    await issue(holder, 'kr.mohw.nurse');
    const services = (await issuerReads(holder.subject)).map((a) => a.service.split('/').slice(-3).join('/')).sort();
    assert.deepEqual(services, ['1320000/driver-register/mobile-driver-licence', '1320000/driver-register/mobile-driver-licence', '1352000/professional-register/nurse'], 'one read per credential issued');
  });

  it('refuses the whole answer when the agency’s data has the wrong type, and issues nothing', async () => {
    // The register holds the employee number as a number: a data-quality fault at the agency.
    const holder = await newHolder({ facts: { employee_number: 20417 } });
    const before = await issuedEvents();
    await assert.rejects(issue(holder, 'kr.mois.public-worker-id'), (e: { code: string; extensions?: { errors?: Array<{ code: string; path: string }> } }) => {
      assert.equal(e.code, 'ERR_AGENCY_CLAIMS_INVALID');
      assert.deepEqual(e.extensions?.errors?.map((i) => [i.code, i.path]), [['wrong_value_type', '/claims/employee_number']]);
      return true;
    });
    assert.equal(await issuedEvents(), before, 'nothing was issued');
  });

  it('a holder the agency has no record of is told so, and nothing is issued', async () => {
    const holder = await newHolder({ enrol: false });
    const before = await issuedEvents();
    await assert.rejects(issue(holder, 'kr.mois.household-register-certificate'), { code: 'ERR_AGENCY_HAS_NO_RECORD' });
    assert.equal(await issuedEvents(), before);
    assert.equal((await issuerReads(holder.subject)).length, 0, 'no data was released, so none is in the tracker');
  });

  it('types of agencies without a gateway of their own are issued over the agencies’ shared gateway, each answer signed with its own agency’s key: the tax service, a university, the issuer’s own organisation', async () => {
    const holder = await newHolder({ facts: { position: 'Auditor', employee_number: 'NTS-1001' } });
    for (const typeId of ['kr.nts.public-worker-id', 'kr.snu.student-id', 'ee.ria.public-worker-id']) {
      const issued = await issue(holder, typeId);
      assert.equal(issued.credentials.length, 1, typeId);
    }
    const reads = await issuerReads(holder.subject);
    assert.deepEqual(reads.map((a) => a.service.split('/').slice(1, 3).join('/')).sort(), ['GOV/1210000', 'GOV/70006317', `GOV/${(await findType(federation.storage.db, 'kr.snu.student-id')).type.agency.memberCode}`].sort());
    // The issuer's gateway logged each answer as signed by the agency itself, not by the shared gateway's owner.
    const signers = (await federation.storage.db.execute(sql`select digest->>'service' as service, signature from exchange_message_log.messages where direction = 'response' and gateway = ${'TESSERA/GOV/70006317/gw1'} and digest->>'client' = ${clientId('credentials')}`) as unknown as { rows: Array<{ service: string; signature: string }> }).rows
      .filter((r) => reads.some((a) => a.service === r.service))
      .map((r) => [r.service.split('/').slice(0, 3).join('/'), JSON.parse(Buffer.from(r.signature.split('.')[0]!, 'base64url').toString()).x5c?.[0] as string]);
    assert.equal(signers.length, 3);
    for (const [member, x5c] of signers) {
      const { X509Certificate } = await import('node:crypto');
      assert.match(new X509Certificate(Buffer.from(x5c!, 'base64')).subject, new RegExp(`(^|\n)CN=${member}(\n|$)`), member);
    }
  });

  it('a deferred credential’s claims are asked of the agency only when the approved credential is signed, never at the request nor inside the issuing transaction', async () => {
    const holder = await newHolder();
    const issuer = federation.mobile.issuer;
    const PERMIT = 'kr.knpa.firearm-possession-permit.sd-jwt';
    const created = await createOffer(issuer, { holder: holder.code, documentRef: holder.documentRef, configurationIds: [PERMIT] }, 'desk-1');
    const wallet = await dpopClient();
    const grant = (created.offer.grants as Record<string, { 'pre-authorized_code': string }>)['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
    const token = (await (await wallet.form(`${issuer.issuerUrl}/token`, { grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': grant, tx_code: created.txCode! })).json()) as { access_token: string };
    const { c_nonce } = (await (await fetch(`${issuer.issuerUrl}/nonce`, { method: 'POST' })).json()) as { c_nonce: string };
    const pair = await generateKeyPair('ES256', { extractable: true });
    const proof = await new SignJWT({ aud: issuer.issuerUrl, iat: Math.floor(Date.now() / 1000), nonce: c_nonce })
      .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: await exportJWK(pair.publicKey) }).sign(pair.privateKey);
    const requested = await wallet.json(`${issuer.issuerUrl}/credential`, { credential_configuration_id: PERMIT, proofs: { jwt: [proof] } }, token.access_token);
    assert.equal(requested.status, 202, await requested.clone().text());
    const { transaction_id } = (await requested.json()) as { transaction_id: string };
    assert.equal((await issuerReads(holder.subject)).length, 0, 'nothing is asked of the police while the request waits for approval');

    const pending = (await federation.storage.db.execute(sql`select id from credentials.deferred_issuances where holder = ${holder.code} and state = 'pending'`) as unknown as { rows: Array<{ id: string }> }).rows;
    assert.equal(pending.length, 1);
    await decideDeferredIssuance(issuer, pending[0]!.id, 'approve', 'knpa-officer-7');
    const issued = await wallet.json(`${issuer.issuerUrl}/deferred_credential`, { transaction_id }, token.access_token);
    assert.equal(issued.status, 200, await issued.clone().text());
    assert.equal(((await issued.json()) as { credentials: unknown[] }).credentials.length, 1);
    const reads = await issuerReads(holder.subject);
    assert.deepEqual(reads.map((a) => a.service.split('/').slice(-3).join('/')), ['1320000/permits/firearm-possession-permit']);
  });

  it('on the staff portal the issuer administrator suspends an issued credential with a reason and the issuer’s published status list says so; an officer is refused', async () => {
    const holder = await newHolder();
    const [id] = (await issue(holder, 'kr.mohw.nurse')).ids;
    const password = 'a-long-test-password-2026';
    await createStaff(federation.storage.db, { username: 'issuer.admin.test', displayName: 'Issuer Admin', organisation: 'RIA', roles: ['issuer_admin'], password }, systemClock);
    await createStaff(federation.storage.db, { username: 'officer.test', displayName: 'Officer', organisation: 'PBGB', roles: ['officer'], password }, systemClock);
    const page = '/issuer/admin/types/kr.mohw.nurse';
    const officer = await HttpBrowser.signedIn(federation.urls.portal, 'officer.test', password);
    assert.equal((await officer.get(page)).status, 403);
    const admin = await HttpBrowser.signedIn(federation.urls.portal, 'issuer.admin.test', password);
    const shown = await admin.get(page);
    assert.equal(shown.status, 200);
    assert.ok(shown.body.includes(id!), 'the credential is listed');
    assert.ok(!shown.body.includes(holder.code), 'but not whose it is');
    const changed = await admin.submit(page, `/issuer/admin/credentials/${id}/status`, { action: 'suspend', reason: 'under-investigation' });
    assert.equal(changed.status, 303);
    const row = (await listIssuedCredentials(federation.storage.db, 'kr.mohw.nurse', { offset: 0, size: 100 })).items.find((c) => c.id === id)!;
    assert.equal(row.status, 'suspended');
    const [entry] = await federation.storage.db.execute(sql`select status_list, status_index from credentials.issued_credentials where id = ${id}`).then((r) => (r as unknown as { rows: Array<{ status_list: number; status_index: number }> }).rows);
    const token = await (await fetch(`${federation.mobile.url}/status-lists/${entry!.status_list}`)).text();
    assert.equal(getListFromStatusListJWT(token).getStatus(entry!.status_index), 2, 'verifiers read suspended');
  });

  it('the administrator’s pages pass axe (WCAG 2.2 AA) in Chromium, signed in through the portal’s form, in all three languages', async () => {
    const password = 'a-long-test-password-2026';
    await createStaff(federation.storage.db, { username: 'issuer.admin.axe', displayName: 'Issuer Admin', organisation: 'RIA', roles: ['issuer_admin'], password }, systemClock);
    await issue(await newHolder(), 'kr.knpa.mobile-driver-licence');
    const browser = await chromium.launch({ executablePath: process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      const page = await (await browser.newContext({ bypassCSP: true, locale: 'en-GB' })).newPage();
      await page.goto(new URL('/auth/sign-in?next=/issuer/admin/types', federation.urls.portal).toString());
      await page.fill('#username', 'issuer.admin.axe');
      await page.fill('#password', password);
      await Promise.all([page.waitForURL(/\/issuer\/admin\/types/), page.click('button[type=submit]')]);
      for (const lang of ['en', 'et', 'ko']) {
        for (const path of [`/issuer/admin/types?q=licence&lang=${lang}`, `/issuer/admin/types/kr.knpa.mobile-driver-licence?lang=${lang}`]) {
          const response = await page.goto(new URL(path, federation.urls.portal).toString());
          assert.equal(response?.status(), 200, path);
          assert.deepEqual(await axeViolations(page), [], `axe violations on ${path}`);
        }
      }
    } finally {
      await browser.close();
    }
  });
});
