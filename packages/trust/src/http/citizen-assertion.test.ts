// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { buildServer, ManualClock, type Server } from '@tessera/platform';
import { MemoryKeyStoreBackend } from '../ca/key-store-backends.ts';
import { WrappedKeyStore } from '../ca/key-store.ts';
import { CITIZEN_ASSERTION_KEY_DAYS, CITIZEN_ASSERTION_KEYS_PATH, CITIZEN_ASSERTION_TYPE, registerCitizenAssertions } from './citizen-assertion.ts';
import { CITIZEN_COOKIE } from './citizen-session.ts';

const PORTAL = 'https://portal.test';
const CALLBACK = `${PORTAL}/citizen/benefits/sign-in/callback`;
const STATE = 'a-state-of-the-benefits-services-sign-in';

describe('the citizen portal vouches for its signed-in citizens to another part, by signed assertion', () => {
  let server: Server;
  const clock = new ManualClock('2026-03-10T09:00:00Z');
  before(async () => {
    server = await buildServer({ title: 'portal', cookieSecret: 'the portal’s cookie secret, never shared', logLevel: 'silent' });
    const keyStore = await WrappedKeyStore.open({ kek: new Uint8Array(32).fill(7), backend: new MemoryKeyStoreBackend() });
    registerCitizenAssertions(server, { clock, keyStore, issuer: PORTAL, relyingParties: { benefits: CALLBACK } });
    await server.ready();
  });
  after(() => server?.close());

  const signedIn = () => `${CITIZEN_COOKIE}=${encodeURIComponent(server.signCookie(JSON.stringify({ code: '49103150221', name: 'Min-seo Park', exp: clock.now().getTime() + 60_000 })))}`;
  const ask = (query: string, cookie?: string) =>
    server.inject({ method: 'GET', url: `/citizen/sign-in/assertion?${query}`, headers: { accept: 'application/json', ...(cookie ? { cookie } : {}) } });

  /** The page the portal answers with: the form the browser posts to the part, and the assertion in it. */
  const formOf = (body: string) => {
    const action = /<form method="post" action="([^"]+)">/.exec(body)?.[1];
    const assertion = /<input type="hidden" name="assertion" value="([^"]+)">/.exec(body)?.[1];
    assert.ok(action && assertion, body);
    return { action, assertion };
  };

  it('sends a signed-in person back to the part’s registered address with an assertion that verifies against the published keys', async () => {
    const res = await ask(`client_id=benefits&state=${STATE}`, signedIn());
    assert.equal(res.statusCode, 200);
    const { action, assertion: token } = formOf(res.body);
    assert.equal(action, CALLBACK);
    const keys = (await server.inject({ method: 'GET', url: CITIZEN_ASSERTION_KEYS_PATH })).json<JSONWebKeySet>();
    assert.ok(keys.keys.every((k) => !('d' in k)), 'public keys only');
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(keys), { issuer: PORTAL, audience: 'benefits', algorithms: ['ES256'], typ: CITIZEN_ASSERTION_TYPE, currentDate: clock.now() });
    assert.equal(protectedHeader.kid, keys.keys[0]!.kid);
    assert.deepEqual([payload.sub, payload.name, payload.nonce], ['49103150221', 'Min-seo Park', STATE]);
    assert.equal(payload.exp! - payload.iat!, 60, 'one minute');
    const second = formOf((await ask(`client_id=benefits&state=${STATE}`, signedIn())).body).assertion;
    assert.notEqual((await jwtVerify(second, createLocalJWKSet(keys), { currentDate: clock.now() })).payload.jti, payload.jti, 'each assertion its own id');
    assert.equal(decodeProtectedHeader(second).kid, protectedHeader.kid, 'one key, made once');
  });

  it('the assertion travels in a posted form body, never in a URL: no redirect, not cached, no Referer, and the page may post only to the part', async () => {
    const res = await ask(`client_id=benefits&state=${STATE}`, signedIn());
    const { assertion: token } = formOf(res.body);
    assert.equal(res.headers.location, undefined, 'no redirect carries it');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    const policy = String(res.headers['content-security-policy']);
    assert.match(policy, /form-action https:\/\/portal\.test(;|$)/);
    // The one inline script the page has is allowed by its hash; no other script could run.
    const script = /<script>([^<]*)<\/script>/.exec(res.body)?.[1];
    assert.ok(script);
    assert.ok(policy.includes(`script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'`), policy);
    assert.ok(!policy.includes('unsafe-inline'));
    assert.ok(!/<script[^>]*src=/.test(res.body));
    assert.ok(!res.body.includes(`?assertion=`) && res.body.split(token).length === 2, 'the assertion appears once, as the field’s value');
    // A person without JavaScript posts the same form with its button, in their language.
    const korean = await server.inject({ method: 'GET', url: `/citizen/sign-in/assertion?client_id=benefits&state=${STATE}`, headers: { accept: 'text/html', 'accept-language': 'ko', cookie: signedIn() } });
    assert.match(korean.body, /<html lang="ko">/);
    assert.match(korean.body, /<button type="submit" class="button">계속<\/button>/);
  });

  it('the assertion key changes every period; the set published holds the current and the previous key, so an assertion signed just before the change still verifies', async () => {
    const published = async () => (await server.inject({ method: 'GET', url: CITIZEN_ASSERTION_KEYS_PATH })).json<JSONWebKeySet>();
    const before = formOf((await ask(`client_id=benefits&state=${STATE}`, signedIn())).body).assertion;
    const oldKid = decodeProtectedHeader(before).kid;
    clock.advance(CITIZEN_ASSERTION_KEY_DAYS * 86_400_000);
    const after = formOf((await ask(`client_id=benefits&state=${STATE}`, signedIn())).body).assertion;
    const newKid = decodeProtectedHeader(after).kid;
    assert.notEqual(newKid, oldKid, 'a new key signs in the new period');
    const keys = await published();
    assert.deepEqual(keys.keys.map((k) => k.kid), [newKid, oldKid]);
    const checked = { issuer: PORTAL, audience: 'benefits', algorithms: ['ES256'], typ: CITIZEN_ASSERTION_TYPE };
    await jwtVerify(after, createLocalJWKSet(keys), { ...checked, currentDate: clock.now() });
    await jwtVerify(before, createLocalJWKSet(keys), { ...checked, currentDate: new Date(clock.now().getTime() - CITIZEN_ASSERTION_KEY_DAYS * 86_400_000 + 30_000) });
    // A period later the first key is no longer published: nothing it signed can be accepted any more.
    clock.advance(CITIZEN_ASSERTION_KEY_DAYS * 86_400_000);
    const later = await published();
    assert.ok(!later.keys.some((k) => k.kid === oldKid));
    assert.equal(later.keys[1]?.kid, newKid);
  });

  it('refuses a part it does not know, and a person not signed in or with a forged session', async () => {
    const unknown = await ask(`client_id=evil&state=${STATE}`, signedIn());
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().code, 'ERR_VALIDATION');
    const inherited = await ask(`client_id=__proto__&state=${STATE}`, signedIn());
    assert.equal(inherited.json().code, 'ERR_VALIDATION');
    const signedOut = await ask(`client_id=benefits&state=${STATE}`);
    assert.equal(signedOut.statusCode, 401);
    assert.equal(signedOut.json().code, 'ERR_UNAUTHENTICATED');
    const forged = `${CITIZEN_COOKIE}=${encodeURIComponent(JSON.stringify({ code: '49103150221', name: 'X', exp: clock.now().getTime() + 60_000 }) + '.forged')}`;
    assert.equal((await ask(`client_id=benefits&state=${STATE}`, forged)).statusCode, 401);
  });
});
