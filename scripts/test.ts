// SPDX-License-Identifier: Apache-2.0
// `npm test`: prepares what the suite needs (PostgreSQL, Chromium), then runs every test file on
// embedded PGlite and the storage-backed ones again on a real PostgreSQL server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, chownSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { glob } from 'node:fs/promises';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const isRoot = userInfo().uid === 0;

function fail(message: string): never {
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
}

function run(command: string, args: string[], options: { user?: string; env?: NodeJS.ProcessEnv } = {}) {
  const [cmd, argv] = options.user && isRoot ? ['runuser', ['-u', options.user, '--', command, ...args]] : [command, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', env: options.env ?? process.env });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

function which(name: string, extra: string[]): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), ...extra]) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

function aptInstall(packages: string[], why: string): void {
  if (!isRoot) fail(`${why}\nInstall it with: sudo apt-get install -y ${packages.join(' ')}`);
  process.stdout.write(`Installing ${packages.join(' ')} (${why})…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', ...packages], { env });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const PG_DIRS = ['/usr/local/bin', '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

/** A throwaway PostgreSQL cluster in a temporary folder; returns its URL and a stop function. */
async function startPostgres(): Promise<{ url: string; stop: () => void }> {
  let initdb = which('initdb', PG_DIRS);
  if (!initdb) {
    aptInstall(['postgresql-15'], 'PostgreSQL 15 is needed for the PostgreSQL test lane');
    initdb = which('initdb', PG_DIRS);
    if (!initdb) fail('initdb not found after installing PostgreSQL.');
  }
  const binDir = initdb.slice(0, initdb.lastIndexOf('/'));
  const pgCtl = join(binDir, 'pg_ctl');
  const dir = mkdtempSync(join(tmpdir(), 'tessera-pg-'));
  // PostgreSQL refuses to run as root: run it as the `postgres` user (created if missing).
  let user: string | undefined;
  if (isRoot) {
    user = 'postgres';
    if (spawnSync('id', ['-u', user]).status !== 0) run('useradd', ['--system', '--no-create-home', user]);
    const uid = Number(run('id', ['-u', user]).trim());
    const gid = Number(run('id', ['-g', user]).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const sockets = join(dir, 'sockets');
  run(initdb, ['-D', data, '-U', 'tessera', '--auth=trust', '--encoding=UTF8', '--no-sync'], user ? { user } : {});
  if (user) run('mkdir', ['-p', sockets], { user }); else mkdirSync(sockets);
  const port = await freePort();
  run(pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', `-h 127.0.0.1 -p ${port} -k ${sockets} -F -c fsync=off -c max_connections=200`, 'start'], user ? { user } : {});
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(isRoot ? 'runuser' : pgCtl, isRoot ? ['-u', user!, '--', pgCtl, '-D', data, '-m', 'fast', 'stop'] : ['-D', data, '-m', 'fast', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `postgres://tessera@127.0.0.1:${port}/postgres`, stop };
}

function ensureChromium(): string {
  const path = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    aptInstall(['chromium'], 'Debian’s chromium is needed for the page tests');
    if (!existsSync(path)) fail(`Chromium not found at ${path} after installing it.`);
  }
  return path;
}

async function testFiles(): Promise<string[]> {
  const files: string[] = [];
  for await (const f of glob(['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'], { cwd: root })) files.push(f);
  return files.filter((f) => filters.length === 0 || filters.some((x) => f.startsWith(x) || f.includes(x))).sort();
}

/** Test files that open storage (directly or through a helper under a `testing/` folder). */
function usesStorage(file: string): boolean {
  const source = readFileSync(join(root, file), 'utf8');
  return /openTestStorage|open\w*Fixture|testing\//.test(source);
}

/**
 * Test files named `*.postgres.test.ts` need a PostgreSQL server several processes share (PGlite
 * lives inside one process): they run on the PostgreSQL lane only, chosen here rather than skipped.
 */
const postgresOnly = (file: string) => file.endsWith('.postgres.test.ts');

interface LaneResult { pass: number; fail: number; code: number }

const STATIC_CHECKS: Array<[string, string, string[]]> = [
  ['Type check (tsc --noEmit)', 'node_modules/typescript/bin/tsc', ['--noEmit', '-p', '.']],
  ['Lint (eslint)', 'node_modules/eslint/bin/eslint.js', ['.']],
];

function staticCheck(name: string, bin: string, args: string[]): LaneResult {
  process.stdout.write(`\n=== ${name} ===\n`);
  const result = spawnSync(process.execPath, [join(root, bin), ...args], { cwd: root, stdio: 'inherit' });
  const ok = result.status === 0;
  process.stdout.write(ok ? 'ok\n' : `failed (exit ${result.status})\n`);
  return { pass: ok ? 1 : 0, fail: ok ? 0 : 1, code: result.status ?? 1 };
}

/**
 * Time limits, so that a failure always ends the run: each test and hook (node's --test-timeout),
 * each file (its process tree is killed) and each lane (every file still running is killed).
 * Generous against a loaded machine; a test that needs longer is a test to split.
 */
const limit = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TEST_TIMEOUT_MS = limit('TESSERA_TEST_TIMEOUT_MS', 420_000);
const FILE_TIMEOUT_MS = limit('TESSERA_TEST_FILE_TIMEOUT_MS', 900_000);
const LANE_TIMEOUT_MS = limit('TESSERA_TEST_LANE_TIMEOUT_MS', 2_400_000);
const CONCURRENCY = 2;

/** Every running file's process group, so a watchdog or Ctrl+C can end all of them. */
const running = new Set<ChildProcess>();
const failedFiles: string[] = [];
const flakyFiles: string[] = [];
/** Why each failed run failed, printed again at the very end, where a CI log's tail shows it. */
const failureDetails: string[] = [];

/** The spec reporter's closing "failing tests" block of a file's report (or its last lines), capped. */
function failureDetail(file: string, output: string): string {
  const at = output.lastIndexOf('✖ failing tests:');
  const guard = /✖ network calls inside a database transaction[^]*?\n(?=\S|$)/.exec(output)?.[0] ?? '';
  const detail = guard + (at >= 0 ? output.slice(at) : output.split('\n').slice(-40).join('\n'));
  return `--- ${file}\n${detail.length > 6000 ? `${detail.slice(0, 6000)}\n… (cut)` : detail}`;
}

/** Ends a file's whole process tree: node, the test file, browsers and servers it started. */
function killTree(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

interface FileResult { pass: number; fail: number; code: number; output: string }

/**
 * One test file in its own process group under node's test runner. --test-force-exit ends the
 * process once its tests are done even if something it started still holds the event loop (a
 * server a failed `before` left behind), so a failure cannot turn into a hang.
 */
function runFile(file: string, env: NodeJS.ProcessEnv, laneSignal: AbortSignal): Promise<FileResult> {
  return new Promise((resolve) => {
    // Where the network guard of this file's processes, children included, writes what it finds.
    const guardLog = join(mkdtempSync(join(tmpdir(), 'tessera-guard-')), 'found.txt');
    const child = spawn(process.execPath, ['--test', '--test-force-exit', `--test-timeout=${TEST_TIMEOUT_MS}`, '--test-reporter=spec', file], {
      cwd: root, env: { ...env, TESSERA_NETWORK_GUARD_LOG: guardLog }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    running.add(child);
    let output = '';
    let killedFor = '';
    const collect = (chunk: Buffer) => (output += chunk.toString());
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const stop = (why: string) => {
      killedFor ||= why;
      killTree(child);
    };
    const timer = setTimeout(() => stop(`file timed out after ${FILE_TIMEOUT_MS / 1000} s`), FILE_TIMEOUT_MS);
    const onLaneAbort = () => stop('lane timed out');
    laneSignal.addEventListener('abort', onLaneAbort, { once: true });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      laneSignal.removeEventListener('abort', onLaneAbort);
      running.delete(child);
      // The runner's own children (the file, a browser) may outlive it: end the group in any case.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Nothing left.
      }
      const count = (label: string) => Number(new RegExp(`ℹ ${label} (\\d+)`).exec(output)?.[1] ?? 0);
      const guarded = existsSync(guardLog) ? readFileSync(guardLog, 'utf8') : '';
      rmSync(join(guardLog, '..'), { recursive: true, force: true });
      if (guarded) output += `\n✖ network calls inside a database transaction, in this file's processes (claim, commit, call, record):\n${guarded}`;
      const fail = count('fail') + count('cancelled') + (guarded ? 1 : 0);
      const failed = code !== 0 || killedFor !== '' || guarded !== '';
      if (killedFor) output += `\n✖ ${file}: ${killedFor}; its processes were killed\n`;
      resolve({ pass: count('pass'), fail: fail + (failed && fail === 0 ? 1 : 0), code: killedFor ? 1 : (code ?? (signal ? 1 : 0)), output });
    });
  });
}

/** Runs a lane's files two at a time, each file's report printed whole when it ends. */
async function runLane(name: string, files: string[], env: NodeJS.ProcessEnv): Promise<LaneResult> {
  process.stdout.write(`\n=== ${name}: ${files.length} test files ===\n`);
  const lane = new AbortController();
  const watchdog = setTimeout(() => {
    process.stdout.write(`\n✖ ${name}: lane timed out after ${LANE_TIMEOUT_MS / 1000} s; killing ${running.size} running file(s)\n`);
    lane.abort();
  }, LANE_TIMEOUT_MS);
  const result: LaneResult = { pass: 0, fail: 0, code: 0 };
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      if (lane.signal.aborted) {
        process.stdout.write(`✖ ${file}: not run (lane timed out)\n`);
        result.fail++;
        result.code = 1;
        continue;
      }
      let r = await runFile(file, env, lane.signal);
      process.stdout.write(`\n--- ${file}\n${r.output}`);
      if (r.code !== 0 || r.fail > 0) failureDetails.push(`${name}: ${failureDetail(file, r.output)}`);
      if ((r.code !== 0 || r.fail > 0) && !lane.signal.aborted) {
        // One retry, reported by name: a file that fails twice fails the run, one that passes on
        // the retry is listed as flaky in the summary so the flake is seen and fixed, not hidden.
        r = await runFile(file, env, lane.signal);
        process.stdout.write(`\n--- ${file} (retry)\n${r.output}`);
        if (r.code === 0 && r.fail === 0) flakyFiles.push(`${name}: ${file}`);
        else failureDetails.push(`${name} (retry): ${failureDetail(file, r.output)}`);
      }
      result.pass += r.pass;
      result.fail += r.fail;
      if (r.code !== 0) result.code = r.code;
      if (r.code !== 0 || r.fail > 0) failedFiles.push(`${name}: ${file}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  clearTimeout(watchdog);
  process.stdout.write(`\n=== ${name} done: pass ${result.pass}, fail ${result.fail} ===\n`);
  return result;
}

const files = await testFiles();
if (files.length === 0) fail('No test files matched.');
const chromium = ensureChromium();
const given = process.env.DATABASE_URL;
const postgres = given ? { url: given, stop: () => undefined } : await startPostgres();
const cleanUp = () => {
  for (const child of running) killTree(child);
  postgres.stop();
};
process.on('SIGINT', () => { cleanUp(); process.exit(130); });
process.on('SIGTERM', () => { cleanUp(); process.exit(143); });

// Every process a test starts carries the guard against network calls inside a transaction.
const guard = `--import=${join(root, 'scripts/guards/no-network-in-transaction.ts')}`;
const base: NodeJS.ProcessEnv = { ...process.env, TESSERA_CHROMIUM: chromium, NODE_ENV: 'test', NODE_OPTIONS: [process.env.NODE_OPTIONS, guard].filter(Boolean).join(' ') };
delete base.TESSERA_TEST_DATABASE_URL;
let results: LaneResult[] = [];
try {
  // The whole suite also proves the code type-checks and passes the linter; a filtered run skips both.
  if (filters.length === 0) for (const [name, bin, args] of STATIC_CHECKS) results.push(staticCheck(name, bin, args));
  results.push(await runLane('PGlite (embedded)', files.filter((f) => !postgresOnly(f)), base));
  const storageFiles = files.filter((f) => usesStorage(f) || postgresOnly(f));
  if (storageFiles.length > 0) results.push(await runLane('PostgreSQL server', storageFiles, { ...base, TESSERA_TEST_DATABASE_URL: postgres.url }));
} finally {
  cleanUp();
}
const pass = results.reduce((n, r) => n + r.pass, 0);
const failed = results.reduce((n, r) => n + r.fail, 0);
if (failureDetails.length > 0) process.stdout.write(`\nWhy the failed runs failed:\n${failureDetails.join('\n')}\n`);
if (flakyFiles.length > 0) process.stdout.write(`\nFlaky (failed, then passed on the retry):\n${flakyFiles.map((f) => `  ${f}`).join("\n")}\n`);
if (failedFiles.length > 0) process.stdout.write(`\nFailed:\n${failedFiles.map((f) => `  ${f}`).join('\n')}\n`);
process.stdout.write(`\n${pass} passed, ${failed} failed\n`);
results = results.filter((r) => r.code !== 0);
process.exit(results.length > 0 || failed > 0 ? 1 : 0);
