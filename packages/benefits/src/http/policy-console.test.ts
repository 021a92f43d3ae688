// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { buildServer, Forbidden, logEntries, ManualClock, openTestStorage, transparencyMigrations, type Server, type Storage } from '@tessera/platform';
import { ALL_PROGRAMMES, PROGRAMMES } from '../domain/programmes/catalogue.ts';
import { draftValues } from '../domain/proactive/programme-draft.ts';
import { previewProgramme } from '../domain/proactive/preview-programme.ts';
import { benefitsMigrations } from '../store/migrations.ts';
import { programmeDraft } from '../store/programme-drafts.ts';
import { BENEFITS_PERMISSIONS, registerPolicyConsole } from './policy-console.ts';

const AUTHOR = { 'x-test-permission': BENEFITS_PERMISSIONS.author };

describe('policy console', { timeout: 120_000 }, () => {
  let server: Server;
  let storage: Storage;
  before(async () => {
    storage = await openTestStorage();
    for (const m of [transparencyMigrations, benefitsMigrations]) await storage.migrate(m);
    server = await buildServer({ title: 'test', cookieSecret: 'x'.repeat(32), logLevel: 'silent' });
    // Staff sign-in is the platform's; here a header stands for the signed-in author's permissions.
    registerPolicyConsole(server, { programmes: ALL_PROGRAMMES, db: storage.db, clock: new ManualClock('2026-03-02T10:00:00Z') }, {
      previewPersons: 5_000,
      requirePermission: (permission) => async (request) => {
        if (request.headers['x-test-permission'] !== permission) throw new Forbidden();
        request.staff = { id: 'author-1', username: 'author', displayName: 'Policy Author', organisation: 'MOHW', roles: ['policy_author'], permissions: new Set([permission]), secondFactor: true };
      },
    });
    await server.ready();
  });
  after(async () => {
    await server?.close();
    await storage?.close();
  });

  const jar = new Map<string, string>();
  const send = async (method: 'GET' | 'POST', url: string, fields?: Array<[string, string]>, headers: Record<string, string> = AUTHOR): Promise<LightMyRequestResponse> => {
    const res = await server.inject({
      method, url, headers: { ...headers, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(fields ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(fields ? { payload: new URLSearchParams(fields).toString() } : {}),
    });
    for (const c of res.cookies as Array<{ name: string; value: string }>) jar.set(c.name, c.value);
    return res;
  };
  const csrf = async (url: string) => /name="_csrf" value="([^"]+)"/.exec((await send('GET', url)).body)![1]!;

  it('the 2026 Basic Pension threshold and amount let more people in and pay more than 2025’s, and nobody loses', () => {
    const p = previewProgramme(PROGRAMMES['kr.basic-pension'], { period: '2026-03', against: '2025-03', persons: 20_000, seed: 3 });
    assert.ok(p.eligible >= p.eligibleBefore);
    assert.ok(p.cost > p.costBefore);
    assert.equal(p.losers, 0);
    assert.ok(p.gainers > 0);
    assert.equal(p.byAge.slice(0, 6).reduce((n, b) => n + b.eligible, 0), 0, 'nobody under 60 is eligible');
  });

  it('a draft that lowers the selection threshold is previewed against the published version: fewer eligible, some lose, nobody gains', () => {
    const programme = PROGRAMMES['kr.basic-pension'];
    const draft = draftValues(programme, '2026-03', [{ parameter: 'kr.basic_pension.threshold_single', value: 1_500_000, from: '2026-01-01', source: 'Draft amendment' }]);
    const p = previewProgramme(programme, { period: '2026-03', against: '2025-03', persons: 20_000, seed: 3, draft });
    assert.equal(p.against, 'published');
    assert.ok(p.eligible < p.eligibleBefore);
    assert.ok(p.losers > 0);
    assert.equal(p.gainers, 0);
    const same = previewProgramme(programme, { period: '2026-03', against: '2025-03', persons: 20_000, seed: 3, draft: new Map() });
    assert.deepEqual([same.gainers, same.losers, same.eligible], [0, 0, same.eligibleBefore], 'an empty draft is the published version');
  });

  it('shows every programme with its tests, and a preview with charts and tables, to a policy author only', async () => {
    assert.equal((await server.inject({ url: '/benefits/console' })).statusCode, 403);
    const list = await send('GET', '/benefits/console');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Basic Pension[\s\S]*passing/);
    const preview = await send('GET', '/benefits/console/kr.basic-pension?period=2026-03&against=2025-03');
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /<svg role="img" aria-label="By age: people eligible"/);
    assert.match(preview.body, /Gain \/ lose/);
    assert.equal((await send('GET', '/benefits/console/kr.basic-pension?period=2026-13')).statusCode, 400);
    assert.equal((await send('GET', '/benefits/console/kr.nothing')).statusCode, 404);
  });

  it('an author saves a draft version and the preview compares it with the published one; a bad draft changes nothing', async () => {
    const url = '/benefits/console/kr.basic-pension?period=2026-03';
    const page = await send('GET', url);
    assert.match(page.body, /name="value:kr\.basic_pension\.maximum"/);
    const token = await csrf(url);
    const refused = async (fields: Array<[string, string]>, status = 400) => {
      const res = await send('POST', '/benefits/console/kr.basic-pension/draft', [['_csrf', token], ['period', '2026-03'], ...fields], { ...AUTHOR, accept: 'application/json' });
      assert.equal(res.statusCode, status, res.body);
      return res;
    };
    assert.equal((await refused([['value:kr.no_such_parameter', '1'], ['from', '2026-01-01'], ['source', 'x']])).json().code, 'ERR_VALIDATION');
    await refused([['value:kr.basic_pension.maximum', 'lots'], ['from', '2026-01-01'], ['source', 'x']]);
    await refused([['value:kr.basic_pension.maximum', '400000'], ['from', '2026-07-01'], ['source', 'x']]);
    await refused([['value:kr.basic_pension.maximum', '400000'], ['from', '2026-01-01'], ['source', ' ']]);
    const noToken = await send('POST', '/benefits/console/kr.basic-pension/draft', [['period', '2026-03'], ['value:kr.basic_pension.maximum', '400000'], ['from', '2026-01-01'], ['source', 'x']], { ...AUTHOR, accept: 'application/json' });
    assert.equal(noToken.statusCode, 403);
    assert.equal(await programmeDraft(storage.db, 'kr.basic-pension'), null);

    const saved = await send('POST', '/benefits/console/kr.basic-pension/draft', [['_csrf', token], ['period', '2026-03'], ['value:kr.basic_pension.maximum', '400,000'], ['value:kr.basic_pension.threshold_single', ''], ['from', '2026-01-01'], ['source', 'Basic Pension Act amendment (draft)']]);
    assert.equal(saved.statusCode, 303);
    assert.deepEqual((await programmeDraft(storage.db, 'kr.basic-pension'))?.changes, [{ parameter: 'kr.basic_pension.maximum', value: 400_000, from: '2026-01-01', source: 'Basic Pension Act amendment (draft)' }]);
    const [event] = await storage.db.select().from(logEntries).where(eq(logEntries.type, 'programme.draft-saved'));
    assert.match(event!.leaf, /"actor":"author-1"/, 'the log names the author');
    const compared = await send('GET', url);
    assert.match(compared.body, /the draft \(2026-03\) against the published version/);
    assert.match(compared.body, /Draft by author-1/);
    assert.match(compared.body, /value="400000"/);
    const gains = /([\d,]+) gain, ([\d,]+) lose/.exec(compared.body)!;
    assert.ok(Number(gains[1]!.replace(/,/g, '')) > 0, 'a higher amount: those eligible gain');
    assert.equal(gains[2], '0');
    assert.match((await send('GET', `${url}&against=2025-03`)).body, /2026-03 against 2025-03/, 'periods can still be compared');

    assert.equal((await send('POST', '/benefits/console/kr.basic-pension/draft/discard', [['_csrf', await csrf(url)]])).statusCode, 303);
    assert.equal(await programmeDraft(storage.db, 'kr.basic-pension'), null);
    assert.equal((await storage.db.select().from(logEntries).where(eq(logEntries.type, 'programme.draft-discarded'))).length, 1);
  });
});
