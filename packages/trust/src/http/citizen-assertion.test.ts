// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { buildServer, ManualClock, type Server } from '@tessera/platform';
import { MemoryKeyStoreBackend } from '../ca/key-store-backends.ts';
import { WrappedKeyStore } from '../ca/key-store.ts';
import { CITIZEN_ASSERTION_KEYS_PATH, CITIZEN_ASSERTION_TYPE, registerCitizenAssertions } from './citizen-assertion.ts';
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

  it('sends a signed-in person back to the part’s registered address with an assertion that verifies against the published keys', async () => {
    const res = await ask(`client_id=benefits&state=${STATE}`, signedIn());
    assert.equal(res.statusCode, 303);
    const back = new URL(res.headers.location!);
    assert.equal(back.origin + back.pathname, CALLBACK);
    const token = back.searchParams.get('assertion')!;
    const keys = (await server.inject({ method: 'GET', url: CITIZEN_ASSERTION_KEYS_PATH })).json<JSONWebKeySet>();
    assert.ok(keys.keys.every((k) => !('d' in k)), 'public keys only');
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(keys), { issuer: PORTAL, audience: 'benefits', algorithms: ['ES256'], typ: CITIZEN_ASSERTION_TYPE, currentDate: clock.now() });
    assert.equal(protectedHeader.kid, keys.keys[0]!.kid);
    assert.deepEqual([payload.sub, payload.name, payload.nonce], ['49103150221', 'Min-seo Park', STATE]);
    assert.equal(payload.exp! - payload.iat!, 60, 'one minute');
    const second = new URL((await ask(`client_id=benefits&state=${STATE}`, signedIn())).headers.location!).searchParams.get('assertion')!;
    assert.notEqual((await jwtVerify(second, createLocalJWKSet(keys), { currentDate: clock.now() })).payload.jti, payload.jti, 'each assertion its own id');
    assert.equal(decodeProtectedHeader(second).kid, protectedHeader.kid, 'one key, made once');
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
