// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildServer, ManualClock, type Server } from '@tessera/platform';
import { readCitizenSession } from './citizen-session.ts';
import { DEMO_CITIZEN_SIGN_IN_PATH, registerDemoCitizenSignIn } from './demo-citizen-sign-in.ts';

const PEOPLE = [{ code: '49103150221', name: 'Min-seo Park' }];

describe('the demo citizen sign-in (development only)', () => {
  let server: Server;
  const clock = new ManualClock('2026-03-10T09:00:00Z');
  before(async () => {
    server = await buildServer({ title: 'portal', cookieSecret: 'a cookie secret for the demo sign-in test', logLevel: 'silent' });
    registerDemoCitizenSignIn(server, { clock, people: PEOPLE, next: '/citizen/benefits', production: false, secureCookies: false });
    server.get('/citizen/who', async (request) => readCitizenSession(request, clock.now()));
    await server.ready();
  });
  after(() => server?.close());

  it('is refused in production, before any route exists', async () => {
    const production = await buildServer({ title: 'portal', cookieSecret: 'a cookie secret for the demo sign-in test', logLevel: 'silent' });
    assert.throws(() => registerDemoCitizenSignIn(production, { clock, people: PEOPLE, next: '/citizen/benefits', production: true, secureCookies: true }), { code: 'ERR_DEMO_SIGN_IN_IN_PRODUCTION' });
    assert.equal((await production.inject({ method: 'GET', url: DEMO_CITIZEN_SIGN_IN_PATH })).statusCode, 404);
    await production.close();
  });

  it('signs a listed demo person in to the citizen portal, with a CSRF token, and no one else', async () => {
    const page = await server.inject({ method: 'GET', url: DEMO_CITIZEN_SIGN_IN_PATH });
    assert.equal(page.statusCode, 200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookies = (page.cookies as Array<{ name: string; value: string }>).map((c) => `${c.name}=${c.value}`).join('; ');
    const post = (code: string, token = csrf) => server.inject({
      method: 'POST', url: DEMO_CITIZEN_SIGN_IN_PATH, headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, payload: new URLSearchParams({ code, _csrf: token }).toString(),
    });
    const stranger = await post('38001085718');
    assert.equal(stranger.statusCode, 400);
    assert.equal(stranger.json().code, 'ERR_VALIDATION');
    assert.equal((await post(PEOPLE[0]!.code, 'not-the-token')).statusCode, 403);
    const signedIn = await post(PEOPLE[0]!.code);
    assert.equal(signedIn.statusCode, 303);
    assert.equal(signedIn.headers.location, '/citizen/benefits');
    const session = (signedIn.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'citizen')!;
    const who = await server.inject({ method: 'GET', url: '/citizen/who', cookies: { citizen: session.value } });
    assert.deepEqual(who.json(), PEOPLE[0]);
  });
});
