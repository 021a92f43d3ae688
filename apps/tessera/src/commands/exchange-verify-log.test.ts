// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openStorage } from '@tessera/platform';
import { readConfig } from '../config.ts';
import { startFederation } from '../federation.ts';
import { clientId, servicePath } from '../exchange/members.ts';
import { federationPorts } from '../testing/free-port.ts';

const cli = new URL('../cli.ts', import.meta.url).pathname;
let dataDir: string;
const verify = (id: string) => spawnSync(process.execPath, [cli, 'exchange', 'verify-log', id], { env: { ...process.env, TESSERA_DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' });

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-exchange-'));
  const config = readConfig({
    ...(await federationPorts()),
    TESSERA_DATA_DIR: dataDir, TESSERA_DEMO: 'false', TESSERA_LOG_LEVEL: 'silent',
  }).values;
  const federation = await startFederation(config, { warnings: [], quiet: true });
  try {
    // The centre's information system asks the authority for card states, through both gateways.
    const response = await fetch(federation.exchange.gateways.centre + servicePath('authority', 'card-manifests/cards?references=ER-2026-000001'), {
      headers: { 'X-Road-Client': clientId('centre'), 'X-Road-Id': 'cli-proof-0001' },
    });
    assert.equal(response.status, 200, await response.clone().text());
    assert.deepEqual(await response.json(), { cards: [] });
    await federation.exchange.stamp();
  } finally {
    await federation.stop();
  }
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('tessera exchange verify-log proves, from both gateways’ logs, who sent a message and when', () => {
  const result = verify('cli-proof-0001');
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /TESSERA\/COM\/10000001\/gw1: proven/);
  assert.match(result.stdout, /TESSERA\/GOV\/70008747\/gw1: proven/);
  assert.match(result.stdout, /request\s+signed by .*TESSERA\/COM\/10000001\/gw1.*time-stamped/);
  assert.equal(verify('no-such-message').status, 1);
});

test('each stamped batch is archived as an evidence file', () => {
  const dirs = readdirSync(join(dataDir, 'exchange-archive'));
  assert.ok(dirs.includes('TESSERA_COM_10000001_gw1') && dirs.includes('TESSERA_GOV_70008747_gw1'), dirs.join(', '));
  assert.ok(readdirSync(join(dataDir, 'exchange-archive', 'TESSERA_COM_10000001_gw1')).length >= 1);
});

test('a logged message changed in storage is no longer proven', async () => {
  const storage = await openStorage({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  await storage.db.execute(sql`update exchange_message_log.messages set path = path || '&x=1' where message_id = 'cli-proof-0001' and direction = 'request'`);
  await storage.close();
  const result = verify('cli-proof-0001');
  assert.equal(result.status, 1);
  assert.match(result.stdout, /NOT proven/);
});
