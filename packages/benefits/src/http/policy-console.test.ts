// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildServer, Forbidden, type Server } from '@tessera/platform';
import { ALL_PROGRAMMES, PROGRAMMES } from '../domain/programmes/catalogue.ts';
import { previewProgramme } from '../domain/proactive/preview-programme.ts';
import { BENEFITS_PERMISSIONS, registerPolicyConsole } from './policy-console.ts';

describe('policy console', { timeout: 120_000 }, () => {
  let server: Server;
  before(async () => {
    server = await buildServer({ title: 'test', cookieSecret: 'x'.repeat(32), logLevel: 'silent' });
    // Staff sign-in is the platform's; here a header stands for the signed-in author's permissions.
    registerPolicyConsole(server, { programmes: ALL_PROGRAMMES }, {
      previewPersons: 5_000,
      requirePermission: (permission) => async (request) => {
        if (request.headers['x-test-permission'] !== permission) throw new Forbidden();
      },
    });
    await server.ready();
  });
  after(async () => server?.close());

  it('the 2026 Basic Pension threshold and amount let more people in and pay more than 2025’s, and nobody loses', () => {
    const p = previewProgramme(PROGRAMMES['kr.basic-pension'], { period: '2026-03', against: '2025-03', persons: 20_000, seed: 3 });
    assert.ok(p.eligible >= p.eligibleBefore);
    assert.ok(p.cost > p.costBefore);
    assert.equal(p.losers, 0);
    assert.ok(p.gainers > 0);
    assert.equal(p.byAge.slice(0, 6).reduce((n, b) => n + b.eligible, 0), 0, 'nobody under 60 is eligible');
  });

  it('shows every programme with its tests, and a preview with charts and tables, to a policy author only', async () => {
    assert.equal((await server.inject({ url: '/benefits/console' })).statusCode, 403);
    const list = await server.inject({ url: '/benefits/console', headers: { 'x-test-permission': BENEFITS_PERMISSIONS.author } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Basic Pension[\s\S]*passing/);
    const preview = await server.inject({ url: '/benefits/console/kr.basic-pension?period=2026-03&against=2025-03', headers: { 'x-test-permission': BENEFITS_PERMISSIONS.author } });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /<svg role="img" aria-label="By age: people eligible"/);
    assert.match(preview.body, /Gain \/ lose/);
    const bad = await server.inject({ url: '/benefits/console/kr.basic-pension?period=2026-13', headers: { 'x-test-permission': BENEFITS_PERMISSIONS.author } });
    assert.equal(bad.statusCode, 400);
    assert.equal((await server.inject({ url: '/benefits/console/kr.nothing', headers: { 'x-test-permission': BENEFITS_PERMISSIONS.author } })).statusCode, 404);
  });
});
