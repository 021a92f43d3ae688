// SPDX-License-Identifier: Apache-2.0
// The verification app's pages and the relying parties' REST API: bodies outside their schema
// are RFC 9457 problems and change nothing.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { count, eq } from 'drizzle-orm';
import { buildServer, type Server } from '@tessera/platform';
import { ISSUER_URL } from '@tessera/credentials/testing';
import { templateRegistration, VERIFICATION_TEMPLATES, type TemplateId } from '../domain/templates/verification-templates.ts';
import { openVerifierFixture, BANK as BANK_BASE, type VerifierFixture } from '../testing/verifier-fixture.ts';
import { presentationRequests } from '../store/schema.ts';
import { registerVerificationApp } from './verification-app.ts';
import { registerVerifier } from './register-verifier.ts';

/** A bank registered for every ready template, as the demo's relying parties are. */
const BANK = { ...BANK_BASE, id: 'clerk-bank', claims: templateRegistration(Object.keys(VERIFICATION_TEMPLATES) as TemplateId[], `${ISSUER_URL}/types`) };

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
    f = await openVerifierFixture({ register: [BANK] });
    server = await buildServer({ title: 'verification app test', cookieSecret: 'c'.repeat(32), logLevel: 'silent' });
    await registerVerifier(server, f.deps);
    registerVerificationApp(server, f.deps, { claimLabels: (vct, claim, locale) => f.issuer.types.get(vct.split('/').pop()!)?.claims.find((c) => c.name === claim)?.display[locale] });
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
});
