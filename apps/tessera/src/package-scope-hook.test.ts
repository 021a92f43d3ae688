// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const hook = new URL('./package-scope-hook.ts', import.meta.url).href;
const importer = new URL('../../../packages/platform/src/storage/database.ts', import.meta.url).href;

/** Every module URL and format a fresh process resolves while importing the storage module (with or without the hook), and a query through Drizzle. */
function resolved(withHook: boolean): Array<{ url: string; format: string | null | undefined }> {
  const code = `
    import { registerHooks } from 'node:module';
    ${withHook ? `(await import(${JSON.stringify(hook)})).registerPackageScopeHook();` : ''}
    const seen = [];
    registerHooks({ resolve(s, c, next) { const r = next(s, c); seen.push({ url: r.url, format: r.format }); return r; } });
    const { openStorage } = await import(${JSON.stringify(importer)});
    const { sql } = await import('drizzle-orm');
    const storage = await openStorage({ kind: 'pglite' });
    const answer = await storage.db.execute(sql\`select 41 + 1 as n\`);
    await storage.close();
    console.log(JSON.stringify({ seen, n: answer.rows[0].n }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const out = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { seen: Array<{ url: string; format: string | null | undefined }>; n: number };
  assert.equal(out.n, 42);
  return out.seen;
}

test('with the hook every module resolves to the same file and format as with Node\'s own resolution, drizzle-orm\'s among them', () => {
  const plain = resolved(false);
  const hooked = resolved(true);
  const key = (r: { url: string; format: string | null | undefined }) => `${r.url} ${r.format ?? ''}`;
  assert.ok(plain.filter((r) => r.url.includes('/node_modules/drizzle-orm/')).length > 20, 'drizzle-orm\'s modules are among them');
  assert.deepEqual([...new Set(hooked.map(key))].sort(), [...new Set(plain.map(key))].sort());
});
