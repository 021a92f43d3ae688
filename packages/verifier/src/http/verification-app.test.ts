// SPDX-License-Identifier: Apache-2.0
// The verification app's pages and the relying parties' REST API: bodies outside their schema
// are RFC 9457 problems and change nothing.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { count, eq } from 'drizzle-orm';
import { DcqlQuery as LibraryDcqlQuery } from 'dcql';
import { decodeJwt } from 'jose';
import { buildServer, type Server } from '@tessera/platform';
import { issueCredentials } from '@tessera/credentials';
import { presentMdoc } from '../testing/mdoc-wallet.ts';
import { requestObject } from '../store/request-object.ts';
import { receiveResponse } from '../store/receive-response.ts';
import { ISSUER_URL } from '@tessera/credentials/testing';
import { templateRegistration, VERIFICATION_TEMPLATES, type TemplateId } from '../domain/templates/verification-templates.ts';
import { openVerifierFixture, BANK as BANK_BASE, type VerifierFixture } from '../testing/verifier-fixture.ts';
import { presentationRequests } from '../store/schema.ts';
import { registerVerificationApp } from './verification-app.ts';
import { registerVerifier } from './register-verifier.ts';

/** A bank registered for every ready template, as the demo's relying parties are. */
const BANK = { ...BANK_BASE, id: 'clerk-bank', claims: templateRegistration(Object.keys(VERIFICATION_TEMPLATES) as TemplateId[], `${ISSUER_URL}/types`) };
/** One registered for the templates' SD-JWT VCs only. */
const SD_JWT_BANK = { ...BANK_BASE, id: 'sd-jwt-bank', claims: BANK.claims.filter((c) => c.vct.startsWith(ISSUER_URL)) };
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
type Query = { credentials: Array<{ id: string; format: string; meta: { doctype_value?: string }; claims: Array<{ path: string[]; intent_to_retain?: boolean }> }>; credential_sets?: Array<{ options: string[][] }> };

describe('the verification app and the REST API', { timeout: 180_000 }, () => {
  let f: VerifierFixture;
  let server: Server;
  const call = (options: InjectOptions) => server.inject(options);
  const requestRows = async () => (await f.deps.db.select({ n: count() }).from(presentationRequests).where(eq(presentationRequests.relyingPartyId, BANK.id)))[0]!.n;
  const api = (payload: unknown, key = f.apiKeys.get(BANK.id)!) => call({ method: 'POST', url: '/api/verifier/requests', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
  /** The sign-in page's form token and cookie, as a browser holds them after opening it. */
  const openPage = async (cookie = '') => {
    const opened = await call({ url: '/verify', headers: { cookie } });
    const token = /name="_csrf" value="([^"]+)"/.exec(opened.body)![1]!;
    return { token, cookie: [cookie, ...opened.cookies.map((c) => `${c.name}=${c.value}`)].filter(Boolean).join('; ') };
  };
  const form = (url: string, fields: Array<[string, string]>, cookie: string) => call({
    method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, payload: new URLSearchParams(fields).toString(),
  });
  const signIn = async () => {
    const page = await openPage();
    const signed = await form('/verify/sign-in', [['_csrf', page.token], ['api_key', f.apiKeys.get(BANK.id)!]], page.cookie);
    assert.equal(signed.statusCode, 303);
    return openPage(signed.cookies.map((c) => `${c.name}=${c.value}`).join('; '));
  };

  before(async () => {
    f = await openVerifierFixture({ register: [BANK, SD_JWT_BANK] });
    server = await buildServer({ title: 'verification app test', cookieSecret: 'c'.repeat(32), logLevel: 'silent' });
    await registerVerifier(server, f.deps);
    // Labels from the catalogue, by vct or (an mdoc answer) doctype, as the composition root gives them.
    const typeOf = (vct: string) => f.issuer.types.get(vct.split('/').pop()!) ?? [...f.issuer.types.values()].find((t) => t.mdoc?.doctype === vct);
    registerVerificationApp(server, f.deps, { claimLabels: (vct, claim, locale) => typeOf(vct)?.claims.find((c) => c.name === claim)?.display[locale] });
    await server.ready();
  });
  after(async () => {
    await server?.close();
    await f?.close();
  });

  it('refuses REST bodies outside the schema as problem documents (ERR_VALIDATION), opening no request', async () => {
    const before = await requestRows();
    for (const body of [{ template: 7 }, { template: 'age-over-19', response_mode: 'fragment' }, { dcql_query: 'credentials' }, { dcql_query: { credentials: [] } }, { template: 'age-over-19', callback: 'https://evil.example' }, []]) {
      const res = await api(body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
      assert.equal(res.json().code, 'ERR_VALIDATION', JSON.stringify(body));
    }
    assert.equal(await requestRows(), before);
    const ok = await api({ template: 'age-over-19', response_mode: 'direct_post' });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(await requestRows(), before + 1);
  });

  it('asks for the API key before it reads the body: a bad body without a key is 401, not a schema hint', async () => {
    const res = await api({ template: 7 }, 'rp_not-a-real-key-of-anyone-at-all');
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().code, 'ERR_UNAUTHENTICATED');
  });

  it('refuses a sign-in form with a field too many, none, or a key given twice, and signs in with the key', async () => {
    const page = await openPage();
    for (const fields of [[['_csrf', page.token]], [['_csrf', page.token], ['api_key', 'rp_x'], ['role', 'admin']], [['_csrf', page.token], ['api_key', 'rp_a'], ['api_key', 'rp_b']]] as Array<Array<[string, string]>>) {
      const res = await form('/verify/sign-in', fields, page.cookie);
      assert.equal(res.statusCode, 400, JSON.stringify(fields));
      assert.equal(res.json().code, 'ERR_VALIDATION');
      assert.equal(res.cookies.find((c) => c.name === 'verify_rp'), undefined);
    }
    const wrong = await form('/verify/sign-in', [['_csrf', page.token], ['api_key', 'rp_wrong-key-000000000000000']], page.cookie);
    assert.equal(wrong.statusCode, 401);
    await signIn();
  });

  it('refuses a template form naming no ready template as a problem, opening no request; a ready one opens it', async () => {
    const session = await signIn();
    const before = await requestRows();
    for (const fields of [[['_csrf', session.token], ['template', 'open-a-casino']], [['_csrf', session.token]], [['_csrf', session.token], ['template', 'hire'], ['dcql_query', '{}']]] as Array<Array<[string, string]>>) {
      const res = await form('/verify/requests', fields, session.cookie);
      assert.equal(res.statusCode, 400, JSON.stringify(fields));
      assert.equal(res.json().code, 'ERR_VALIDATION');
    }
    assert.equal(await requestRows(), before);
    const opened = await form('/verify/requests', [['_csrf', session.token], ['template', 'age-over-19']], session.cookie);
    assert.equal(opened.statusCode, 303);
    assert.match(opened.headers.location as string, /^\/verify\/requests\/[0-9a-f-]{36}$/);
    assert.equal(await requestRows(), before + 1);
  });

  describe('the templates in either form', () => {
    const issue = async (typeId: string, format: 'dc+sd-jwt' | 'mso_mdoc', extra: Record<string, unknown> = {}) => {
      const type = f.issuer.types.get(typeId)!;
      const known = new Set(type.claims.map((c) => c.name));
      const more = Object.entries({ portrait: PNG, profession: 'Registered nurse', licence_number: 'RN-2031', licence_status: 'active', ...extra }).filter(([name]) => known.has(name));
      const claims = { ...(await f.issuer.deps.claims.claims(type, f.holder.card.holderCode)), ...Object.fromEntries(more) };
      return (await issueCredentials(f.issuer.deps, { type, format, holder: f.holder.card.holderCode, documentRef: f.holder.documentRef, keys: [f.holderKey.publicJwk], claims })).credentials[0]!;
    };
    const open = async (template: TemplateId, key = f.apiKeys.get(BANK.id)!) => {
      const res = await api({ template, response_mode: 'direct_post' }, key);
      assert.equal(res.statusCode, 201, res.body);
      const id = res.json<{ id: string }>().id;
      const r = decodeJwt(await requestObject(f.deps, id)) as { nonce: string; state: string; client_id: string; response_uri: string; dcql_query: Query };
      return { id, ...r, mdocRequest: { clientId: r.client_id, nonce: r.nonce, responseUri: r.response_uri } };
    };
    const answer = (o: { id: string; state: string }, vpToken: Record<string, string[]>) => receiveResponse(f.deps, o.id, { vp_token: vpToken, state: o.state });
    const sdJwt = (o: { nonce: string; client_id: string }, credential: string, disclose: string[]) => f.present(credential, { disclose, nonce: o.nonce, aud: o.client_id });
    const refused = async (o: { id: string; state: string }, vpToken: Record<string, string[]>, code: string) => {
      const outcome = await answer(o, vpToken);
      assert.equal(outcome.status === 'refused' && outcome.refusal, code, JSON.stringify(outcome));
    };
    /** The clerk's result: the summary list of the verified claims, as the page shows it. */
    const resultOf = async (id: string) => {
      const session = await signIn();
      const page = await call({ url: `/verify/requests/${id}?lang=en`, headers: { cookie: session.cookie } });
      assert.match(page.body, /id="result"/);
      return /<dl class="summary-list">.*?<\/dl>/s.exec(page.body)![0];
    };
    const CASES: Array<{ template: TemplateId; sdJwtType: string; mdocType: string; mdocId: string; namespace: string; claims: string[]; retain: boolean }> = [
      { template: 'open-account', sdJwtType: 'kr.knpa.mobile-driver-licence', mdocType: 'kr.knpa.mobile-driver-licence', mdocId: 'identity-mdl', namespace: 'org.iso.18013.5.1', claims: ['family_name', 'given_name', 'birth_date', 'portrait', 'document_number'], retain: true },
      { template: 'age-over-19', sdJwtType: 'kr.mois.public-worker-id', mdocType: 'kr.knpa.mobile-driver-licence', mdocId: 'age-mdl', namespace: 'org.iso.18013.5.1', claims: ['family_name', 'given_name', 'age_over_19'], retain: false },
      { template: 'hire', sdJwtType: 'kr.mohw.nurse', mdocType: 'kr.mohw.nurse', mdocId: 'licence-mdoc', namespace: 'kr.go.mohw.nurse.1', claims: ['family_name', 'given_name', 'profession', 'licence_number', 'licence_status'], retain: true },
    ];

    it('asks for an SD-JWT VC or an ISO mdoc: one credential set whose options are the forms, a query the independent dcql library accepts', async () => {
      for (const c of CASES) {
        const o = await open(c.template);
        const set = o.dcql_query.credential_sets;
        assert.equal(set?.length, 1, c.template);
        assert.deepEqual(set![0]!.options, o.dcql_query.credentials.map((q) => [q.id]));
        assert.deepEqual(o.dcql_query.credentials.map((q) => q.format), ['dc+sd-jwt', ...o.dcql_query.credentials.slice(1).map(() => 'mso_mdoc')]);
        const mdoc = o.dcql_query.credentials.find((q) => q.id === c.mdocId)!;
        assert.deepEqual(mdoc.claims.map((q) => [q.path, q.intent_to_retain]), c.claims.map((n) => [[c.namespace, n], c.retain]));
        LibraryDcqlQuery.validate(LibraryDcqlQuery.parse(JSON.parse(JSON.stringify(o.dcql_query))));
      }
    });

    it('accepts either form for each template and shows the clerk the same result for both', async () => {
      for (const c of CASES) {
        const bySdJwt = await open(c.template);
        const sdJwtId = bySdJwt.dcql_query.credentials[0]!.id;
        const first = await answer(bySdJwt, { [sdJwtId]: [await sdJwt(bySdJwt, await issue(c.sdJwtType, 'dc+sd-jwt'), c.claims)] });
        assert.equal(first.status, 'verified', `${c.template} SD-JWT ${JSON.stringify(first)}`);
        const byMdoc = await open(c.template);
        const second = await answer(byMdoc, { [c.mdocId]: [await presentMdoc(await issue(c.mdocType, 'mso_mdoc'), f.holderKey, byMdoc.mdocRequest, { [c.namespace]: c.claims })] });
        assert.equal(second.status, 'verified', `${c.template} mdoc ${JSON.stringify(second)}`);
        assert.equal(second.status === 'verified' && second.answers[0]!.format, 'mso_mdoc');
        const [a, b] = [await resultOf(bySdJwt.id), await resultOf(byMdoc.id)];
        assert.equal(a, b, c.template);
        assert.equal((a.match(/<dt>/g) ?? []).length, c.claims.length + 1);
        assert.doesNotMatch(a, /org\.iso|kr\.go\./);
      }
      // The resident registration card answers opening an account as an mdoc too.
      const byCard = await open('open-account');
      const card = await answer(byCard, { 'identity-rrc': [await presentMdoc(await issue('kr.mois.resident-registration-card', 'mso_mdoc'), f.holderKey, byCard.mdocRequest, { 'kr.go.mois.rrc.1': CASES[0]!.claims })] });
      assert.equal(card.status, 'verified', JSON.stringify(card));
      assert.match(await resultOf(byCard.id), /<dt>Document number<\/dt><dd>DOC-/);
    });

    it('fails closed for the mdoc form as for the SD-JWT: a false age, an element not asked, the wrong doctype, another nonce, no answer, or both forms at once', async () => {
      const age = CASES[1]!;
      const minor = await issue('kr.knpa.mobile-driver-licence', 'mso_mdoc', { age_over_19: false });
      const adult = await issue('kr.knpa.mobile-driver-licence', 'mso_mdoc');
      const card = await issue('kr.mois.resident-registration-card', 'mso_mdoc');
      let o = await open('age-over-19');
      await refused(o, { 'age-mdl': [await presentMdoc(minor, f.holderKey, o.mdocRequest, { [age.namespace]: age.claims })] }, 'ERR_CLAIM_MISSING');
      o = await open('age-over-19');
      await refused(o, { 'age-mdl': [await presentMdoc(adult, f.holderKey, o.mdocRequest, { [age.namespace]: [...age.claims, 'birth_date'] })] }, 'ERR_CLAIM_NOT_REQUESTED');
      o = await open('age-over-19');
      await refused(o, { 'age-mdl': [await presentMdoc(card, f.holderKey, o.mdocRequest, { 'kr.go.mois.rrc.1': age.claims })] }, 'ERR_CREDENTIAL_NOT_REQUESTED');
      o = await open('age-over-19');
      await refused(o, { 'age-mdl': [await presentMdoc(adult, f.holderKey, { ...o.mdocRequest, nonce: 'another' }, { [age.namespace]: age.claims })] }, 'ERR_DEVICE_SIGNATURE_INVALID');
      o = await open('age-over-19');
      await refused(o, {}, 'ERR_CREDENTIAL_NOT_REQUESTED');
      o = await open('age-over-19');
      const both = { age: [await sdJwt(o, await issue('kr.mois.public-worker-id', 'dc+sd-jwt'), age.claims)], 'age-mdl': [await presentMdoc(adult, f.holderKey, o.mdocRequest, { [age.namespace]: age.claims })] };
      await refused(o, both, 'ERR_CREDENTIAL_NOT_REQUESTED');
    });

    it('asks a relying party registered for the SD-JWT VCs alone for those only, and refuses its mdoc answer', async () => {
      const o = await open('age-over-19', f.apiKeys.get(SD_JWT_BANK.id));
      assert.deepEqual(o.dcql_query.credentials.map((q) => q.id), ['age']);
      assert.equal(o.dcql_query.credential_sets, undefined);
      await refused(o, { 'age-mdl': [await presentMdoc(await issue('kr.knpa.mobile-driver-licence', 'mso_mdoc'), f.holderKey, o.mdocRequest, { 'org.iso.18013.5.1': CASES[1]!.claims })] }, 'ERR_CREDENTIAL_NOT_REQUESTED');
    });
  });
});
