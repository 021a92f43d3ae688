// SPDX-License-Identifier: Apache-2.0
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Packages reach each other only through their published entry points (`@tessera/x`, and
// `@tessera/x/testing` for tests' helpers): a relative path into another package's `src/` or a
// deep `@tessera/x/…` import couples callers to internals the owner may move.
const CROSS_PACKAGE = [
  { regex: '^(\\.\\./)+(packages/|apps/)?[a-z-]+/src/', message: 'import another package through its entry point (@tessera/<name>), not its src/ files' },
  { regex: '^@tessera/[a-z-]+/(?!testing$)', message: 'import @tessera/<name> (or @tessera/<name>/testing in tests), never its internals' },
];
// Production code never depends on another package's test helpers.
const TEST_HELPERS = { regex: '^@tessera/[a-z-]+/testing$', message: '@tessera/<name>/testing is for tests and test helpers only' };
// Test code: *.test.ts, the testing/ folders and the test fixtures beside the code they serve.
const TEST_FILES = ['**/*.test.ts', '**/testing/**', '**/test-*.ts', '**/*-fixture.ts', '**/*-fixtures.ts'];
// Domain code is pure: no HTTP framework, no database, no I/O.
const DOMAIN_IMPURE = {
  group: ['fastify', '@fastify/*', 'drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*', 'node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:http2', 'node:https', 'node:child_process'],
  message: 'domain/ is pure: no I/O or framework imports',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.tessera/**', '**/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  // Later blocks replace the rule's options for their files, so each repeats the patterns before it.
  {
    files: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: CROSS_PACKAGE }] },
  },
  {
    files: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts'],
    ignores: TEST_FILES,
    rules: { 'no-restricted-imports': ['error', { patterns: [...CROSS_PACKAGE, TEST_HELPERS] }] },
  },
  {
    files: ['packages/*/src/**/domain/**/*.ts', 'apps/*/src/**/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...CROSS_PACKAGE, DOMAIN_IMPURE] }] },
  },
  {
    files: ['packages/*/src/**/domain/**/*.ts', 'apps/*/src/**/domain/**/*.ts'],
    ignores: TEST_FILES,
    rules: { 'no-restricted-imports': ['error', { patterns: [...CROSS_PACKAGE, TEST_HELPERS, DOMAIN_IMPURE] }] },
  },
  {
    // a package's public API names every export, so a reader sees it in one place
    files: ['packages/*/src/**/index.ts', 'apps/*/src/**/index.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: 'ExportAllDeclaration[exported=null]',
        message: 'index.ts lists its exports by name (export { a, b } from …), not export *',
      }],
    },
  },
);
