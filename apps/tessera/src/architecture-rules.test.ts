// SPDX-License-Identifier: Apache-2.0
// The layout rules of docs/engineering.md are enforced by the linter; these tests prove each rule
// rejects a violation (and accepts the allowed form), so a change to eslint.config.js cannot
// silently switch one off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const root = new URL('../../../', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });

async function restrictedBy(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: root + filePath });
  return result!.messages.filter((m) => m.ruleId !== null).map((m) => m.ruleId!);
}

test('a relative import into another package’s src/ is refused', { timeout: 60_000 }, async () => {
  const rules = await restrictedBy('packages/exchange/src/gateway/example.ts', "import { x } from '../../../trust/src/tsa/test-pki.ts';\nexport const y = x;\n");
  assert.deepEqual(rules, ['no-restricted-imports']);
});

test('a deep @tessera/<package>/… import is refused, the testing entry point is allowed', { timeout: 60_000 }, async () => {
  assert.deepEqual(await restrictedBy('apps/tessera/src/example.ts', "import { x } from '@tessera/trust/src/ocsp/ocsp-responder.ts';\nexport const y = x;\n"), ['no-restricted-imports']);
  assert.deepEqual(await restrictedBy('packages/exchange/src/testing/example.ts', "import { openTrustFixture } from '@tessera/trust/testing';\nexport const y = openTrustFixture;\n"), []);
});

test('domain/ code may not import Fastify, Drizzle or the file system', { timeout: 60_000 }, async () => {
  for (const module of ['fastify', 'drizzle-orm', 'drizzle-orm/pg-core', 'node:fs']) {
    const rules = await restrictedBy('packages/authority/src/domain/example.ts', `import * as m from '${module}';\nexport const y = m;\n`);
    assert.deepEqual(rules, ['no-restricted-imports'], module);
  }
  assert.deepEqual(await restrictedBy('packages/authority/src/store/example.ts', "import * as m from 'drizzle-orm';\nexport const y = m;\n"), []);
});

test('an index.ts names its exports: export * is refused, a namespace re-export is allowed', { timeout: 60_000 }, async () => {
  assert.deepEqual(await restrictedBy('packages/trust/src/ca/index.ts', "export * from './crl.ts';\n"), ['no-restricted-syntax']);
  assert.deepEqual(await restrictedBy('packages/exchange/src/index.ts', "export * as registry from './registry/index.ts';\n"), []);
});
