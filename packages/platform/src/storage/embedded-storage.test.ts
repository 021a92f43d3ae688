// SPDX-License-Identifier: Apache-2.0
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { authMigrations } from '../auth/schema.ts';
import { transparencyMigrations } from '../transparency/index.ts';
import { openEmbeddedStorage } from './embedded-storage.ts';

// Real PGlite data folders on disk: the template is about them, not about an in-memory database.
const root = mkdtempSync(join(tmpdir(), 'tessera-embedded-'));
after(() => rmSync(root, { recursive: true, force: true }));
const templateDir = join(root, 'templates');
const migrations = [transparencyMigrations];

const tables = async (db: Awaited<ReturnType<typeof openEmbeddedStorage>>['db']) =>
  ((await db.execute(sql`select count(*)::int as n from information_schema.tables where table_schema = 'platform_log'`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
const entries = async (db: Awaited<ReturnType<typeof openEmbeddedStorage>>['db']) =>
  ((await db.execute(sql`select count(*)::int as n from platform_log.entries`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;

test('empty storage is set up in a folder of its own, renamed when done; the first empty store keeps a template of its schema; the next empty store starts from it, without the first one\'s rows; a stored database opens as it is', async () => {
  const first = await openEmbeddedStorage({ dataDir: join(root, 'first'), migrations, templateDir });
  assert.equal(first.fromTemplate, false);
  assert.ok(await tables(first.db) > 0);
  await first.db.execute(sql`insert into platform_log.entries (leaf, leaf_hash, context, type, subject, at) values ('{}', '\\x00', 'test', 'test', 's', now())`);
  await first.close();
  assert.equal(readdirSync(templateDir).filter((f) => /^pglite-[0-9a-f]+$/.test(f)).length, 1);
  assert.deepEqual(readdirSync(templateDir).filter((f) => f.endsWith('.partial')), [], 'no half-copied template is left');
  assert.deepEqual(readdirSync(root).filter((f) => f.endsWith('.new')), [], 'the setup folder became the data folder');

  const second = await openEmbeddedStorage({ dataDir: join(root, 'second'), migrations, templateDir });
  assert.equal(second.fromTemplate, true);
  const plain = await openEmbeddedStorage({ dataDir: join(root, 'third'), migrations, templateDir: null });
  assert.equal(await tables(second.db), await tables(plain.db));
  await plain.close();
  assert.equal(await entries(second.db), 0, 'the template was taken before any row was written');
  await second.close();

  const again = await openEmbeddedStorage({ dataDir: join(root, 'first'), migrations, templateDir });
  assert.equal(again.fromTemplate, false);
  assert.equal(await entries(again.db), 1);
  await again.close();
});

test('other migrations get another template: a template never gives a schema the code does not have', async () => {
  const other = await openEmbeddedStorage({ dataDir: join(root, 'other'), migrations: [transparencyMigrations, authMigrations], templateDir });
  assert.equal(other.fromTemplate, false);
  await other.close();
  assert.equal(readdirSync(templateDir).filter((f) => /^pglite-[0-9a-f]+$/.test(f)).length, 2);
  // initdb ran once, for the first store: its empty cluster is one template whatever the migrations.
  assert.equal(readdirSync(templateDir).filter((f) => f.startsWith('pglite-initdb-')).length, 1);
});

test('what a setup killed half-way left in the data folder (no PG_VERSION yet) is replaced by a whole database', async () => {
  const dataDir = join(root, 'killed');
  mkdirSync(join(dataDir, 'base'), { recursive: true });
  writeFileSync(join(dataDir, 'postgresql.conf'), 'half-written');
  const storage = await openEmbeddedStorage({ dataDir, migrations, templateDir });
  assert.equal(storage.fromTemplate, true);
  assert.equal(await entries(storage.db), 0);
  await storage.close();
});
