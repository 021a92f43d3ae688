// SPDX-License-Identifier: Apache-2.0
// The layout rules of docs/engineering.md are enforced by the linter; these tests prove each rule
// rejects a violation (and accepts the allowed form) in every workspace, so a change to
// eslint.config.js or a new package cannot silently switch one off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { ESLint } from 'eslint';

const root = new URL('../../../', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });
const dirs = (group: string) => readdirSync(root + group, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${group}/${d.name}`);
const packages = dirs('packages');
const workspaces = [...packages, ...dirs('apps')];
/** Another package than the one at `workspace`, to import from. */
const otherThan = (workspace: string) => (workspace === 'packages/platform' ? 'trust' : 'platform');

/** The rule ids ESLint reports for `code` as if it were the file at `filePath`. */
async function rulesFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: root + filePath });
  assert.ok(result, filePath);
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

test('the workspaces are the ones these rules were written for (a new one is covered by the globs below)', () => {
  assert.ok(packages.length >= 9, packages.join());
  for (const w of workspaces) assert.match(w, /^(packages|apps)\/[a-z-]+$/);
});

test('in every workspace, a relative import into another package’s src/ is refused', { timeout: 120_000 }, async () => {
  for (const w of workspaces) {
    const other = otherThan(w);
    const up = w.startsWith('apps/') ? '../../../../packages/' : '../../../';
    for (const file of [`${w}/src/example/example.ts`, `${w}/src/example/example.test.ts`, `${w}/src/testing/example.ts`]) {
      assert.deepEqual(await rulesFor(file, `import { x } from '${up}${other}/src/x.ts';\nexport const y = x;\n`), ['no-restricted-imports'], file);
    }
  }
});

test('in every workspace, a deep @tessera/<package>/… import is refused and the entry point allowed', { timeout: 120_000 }, async () => {
  for (const w of workspaces) {
    const other = otherThan(w);
    const file = `${w}/src/example/example.ts`;
    assert.deepEqual(await rulesFor(file, `import { x } from '@tessera/${other}/src/x.ts';\nexport const y = x;\n`), ['no-restricted-imports'], file);
    assert.deepEqual(await rulesFor(file, `export { x } from '@tessera/${other}/src/x.ts';\n`), ['no-restricted-imports'], `${file} (re-export)`);
    assert.deepEqual(await rulesFor(file, `import { x } from '@tessera/${other}';\nexport const y = x;\n`), [], file);
  }
});

test('in every workspace, @tessera/<package>/testing is refused in production code and allowed in tests and test helpers', { timeout: 120_000 }, async () => {
  const code = "import { openTrustFixture } from '@tessera/trust/testing';\nexport const y = openTrustFixture;\n";
  for (const w of workspaces) {
    assert.deepEqual(await rulesFor(`${w}/src/example/example.ts`, code), ['no-restricted-imports'], w);
    assert.deepEqual(await rulesFor(`${w}/src/domain/example.ts`, code), ['no-restricted-imports'], `${w} domain`);
    for (const file of [`${w}/src/example/example.test.ts`, `${w}/src/testing/example.ts`, `${w}/src/example/test-fixtures.ts`]) {
      assert.deepEqual(await rulesFor(file, code), [], file);
    }
  }
});

test('in every package, domain/ code may not import Fastify, Drizzle, a database driver or the file system, also as a type or a re-export', { timeout: 120_000 }, async () => {
  const imports = ['fastify', '@fastify/cookie', 'drizzle-orm', 'drizzle-orm/pg-core', 'pg', 'node:fs'].flatMap((m) => [
    `import * as m from '${m}';\nexport const y = m;\n`,
    `import type { X } from '${m}';\nexport type Y = X;\n`,
    `export { x } from '${m}';\n`,
  ]);
  for (const p of packages) {
    for (const code of imports) {
      for (const file of [`${p}/src/domain/example.ts`, `${p}/src/domain/nested/example.ts`, `${p}/src/domain/example.test.ts`, `${p}/src/feature/domain/example.ts`]) {
        assert.deepEqual(await rulesFor(file, code), ['no-restricted-imports'], `${file}: ${code}`);
      }
    }
    // Outside domain/ the same imports are the point of the layer.
    assert.deepEqual(await rulesFor(`${p}/src/store/example.ts`, "import { eq } from 'drizzle-orm';\nexport const y = eq;\n"), [], p);
    assert.deepEqual(await rulesFor(`${p}/src/http/example.ts`, "import type { FastifyInstance } from 'fastify';\nexport type Y = FastifyInstance;\n"), [], p);
  }
});

test('in every workspace, an index.ts names its exports: export * is refused, a namespace re-export is allowed', { timeout: 120_000 }, async () => {
  for (const w of workspaces) {
    for (const file of [`${w}/src/index.ts`, `${w}/src/example/index.ts`]) {
      assert.deepEqual(await rulesFor(file, "export * from './x.ts';\n"), ['no-restricted-syntax'], file);
      assert.deepEqual(await rulesFor(file, "export * as x from './x.ts';\n"), [], file);
      assert.deepEqual(await rulesFor(file, "export { a, type B } from './x.ts';\n"), [], file);
    }
  }
});
