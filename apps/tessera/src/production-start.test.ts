// SPDX-License-Identifier: Apache-2.0
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationFailed } from '@tessera/platform';
import { readConfig } from './config.ts';
import { freePort } from './testing/free-port.ts';

const cli = new URL('./cli.ts', import.meta.url).pathname;
const sampleList = new URL('../../../packages/authority/fixtures/un-consolidated-list.sample.xml', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-production-'));
const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every setting production must be given; each is a development default or the sandbox/mailbox/sample stand-in otherwise. */
const REQUIRED_IN_PRODUCTION = [
  'TESSERA_KEY_ENCRYPTION_KEY', 'TESSERA_COOKIE_SECRET', 'TESSERA_SECRET_KEY', 'TESSERA_PAYMENT_WEBHOOK_SECRET', 'TESSERA_PAYMENT_API_KEY',
  'TESSERA_SMTP_URL', 'TESSERA_PAYMENT_URL', 'TESSERA_SANCTIONS_LIST', 'TESSERA_BIOMETRIC_MATCHER_URL',
];

function issuesOf(env: Record<string, string>) {
  try {
    readConfig(env);
  } catch (error) {
    assert.ok(error instanceof ValidationFailed);
    return error.issues.map((i) => ({ code: i.code, path: i.path }));
  }
  return [];
}

function run(args: string[], env: Record<string, string>, until?: RegExp): Promise<{ code: number | null; output: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  return new Promise((resolve) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (until?.test(output)) resolve({ code: null, output, child });
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => {
      running.delete(child);
      resolve({ code, output, child });
    });
  });
}

test('production refuses every development default, the mailbox, the payment sandbox, the sample sanctions list and the built-in biometric matcher, naming each setting', () => {
  const issues = issuesOf({ NODE_ENV: 'production' });
  assert.deepEqual(issues.map((i) => i.path).sort(), [...REQUIRED_IN_PRODUCTION].sort());
  assert.ok(issues.every((i) => i.code === 'missing_config'));
  // Development only warns about the same settings.
  const development = readConfig({});
  for (const name of REQUIRED_IN_PRODUCTION) assert.ok(development.warnings.some((w) => w.startsWith(`${name} `)), name);
});

test('production turns the demo world off and refuses it when asked for', () => {
  assert.deepEqual(issuesOf({ NODE_ENV: 'production', TESSERA_DEMO: 'true' }).filter((i) => i.path === 'TESSERA_DEMO'), [{ code: 'not_allowed_in_production', path: 'TESSERA_DEMO' }]);
  assert.deepEqual(issuesOf({ NODE_ENV: 'production', TESSERA_DEMO: 'false' }).filter((i) => i.path === 'TESSERA_DEMO'), []);
  assert.equal(readConfig({ TESSERA_DEMO: 'true' }).values.demo, true);
});

test('production makes privileged staff enrol a second factor and refuses to run without that rule', () => {
  const settings = Object.fromEntries(REQUIRED_IN_PRODUCTION.map((name) => [name, name.includes('URL') ? 'https://example.org/' : 'f'.repeat(64)]));
  assert.equal(readConfig({ NODE_ENV: 'production', ...settings }).values.staffSecondFactor, true);
  assert.equal(readConfig({}).values.staffSecondFactor, false);
  assert.deepEqual(issuesOf({ NODE_ENV: 'production', TESSERA_STAFF_SECOND_FACTOR: 'false' }).filter((i) => i.path === 'TESSERA_STAFF_SECOND_FACTOR'), [{ code: 'not_allowed_in_production', path: 'TESSERA_STAFF_SECOND_FACTOR' }]);
});

test('NODE_ENV=production tessera start with development defaults exits with a message naming every missing setting', { timeout: 120_000 }, async () => {
  const { code, output } = await run(['start'], { NODE_ENV: 'production', TESSERA_DATA_DIR: dataDir });
  assert.equal(code, 1);
  for (const name of REQUIRED_IN_PRODUCTION) assert.match(output, new RegExp(`\\b${name}\\b`));
});

test('with real settings production loads no demo world, prints no password and serves no mailbox', { timeout: 300_000 }, async () => {
  const [port, paymentPort, trustPort, smtpPort, providerPort, centrePort, credentialsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
  const env = {
    NODE_ENV: 'production', TESSERA_DATA_DIR: dataDir, TESSERA_LOG_LEVEL: 'warn',
    TESSERA_PORT: String(port), TESSERA_PAYMENT_PORT: String(paymentPort), TESSERA_TRUST_PORT: String(trustPort), TESSERA_CENTRE_PORT: String(centrePort), TESSERA_CREDENTIALS_PORT: String(credentialsPort),
    TESSERA_KEY_ENCRYPTION_KEY: randomBytes(32).toString('hex'), TESSERA_SECRET_KEY: randomBytes(32).toString('hex'),
    TESSERA_COOKIE_SECRET: randomBytes(32).toString('base64url'), TESSERA_PAYMENT_WEBHOOK_SECRET: randomBytes(32).toString('base64url'),
    TESSERA_PAYMENT_API_KEY: randomBytes(32).toString('base64url'),
    TESSERA_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, TESSERA_PAYMENT_URL: `http://127.0.0.1:${providerPort}/`, TESSERA_SANCTIONS_LIST: sampleList,
    TESSERA_BIOMETRIC_MATCHER_URL: 'https://matcher.example/v1/compare',
  };
  assert.equal((await run(['trust', 'init'], env)).code, 0);
  const started = await run(['start'], env, /Press Ctrl\+C to stop/);
  assert.equal(started.code, null, started.output);
  assert.doesNotMatch(started.output, /demo world…|Demo logins|password|tessera-demo/i);
  assert.doesNotMatch(started.output, /Sent e-mail|sandbox/);
  const portal = `http://127.0.0.1:${port}`;
  assert.equal((await fetch(`${portal}/dev/mailbox`)).status, 404);
  assert.equal((await fetch(`http://127.0.0.1:${paymentPort}/`).catch(() => null)), null, 'no payment sandbox listens');
  started.child.kill('SIGTERM');
});
