// SPDX-License-Identifier: Apache-2.0
// `npm test`: prepares what the suite needs (PostgreSQL, Chromium), then runs every test file on
// embedded PGlite and the storage-backed ones again on a real PostgreSQL server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, chownSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { glob } from 'node:fs/promises';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2).filter((a) => a !== '--plan');
/** `npm test -- --plan [filters]` prints which files run on which lane, in the order they would start, and stops. */
const planOnly = process.argv.includes('--plan');
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

/**
 * Whether a test file opens a database of the test server: it, or a module it imports, calls
 * `openTestStorage` or reads `TESSERA_TEST_DATABASE_URL`. Imports are followed through relative
 * paths and the `@tessera/<package>/testing` entry points, and a re-export only for a name the
 * importer takes (importing `dpopClient` from a testing entry point does not open the fixture
 * beside it). Only those files run again on the PostgreSQL lane: one that starts a federation on
 * embedded storage, say, would run the same test on PGlite twice.
 */
const opensTestDatabase = (() => {
  const marker = /\bopenTestStorage\(|TESSERA_TEST_DATABASE_URL/;
  /** `*` for a whole module (a default, namespace or side-effect import), else the names taken. */
  type Edge = { target: string; names: string[] | '*' };
  const modules = new Map<string, { marked: boolean; imports: Edge[]; reexports: Array<Edge & { as: string[] | '*' }> }>();
  const target = (from: string, specifier: string): string | null => {
    if (specifier.startsWith('.')) return resolve(dirname(from), specifier);
    const testing = /^@tessera\/([\w-]+)\/testing$/.exec(specifier);
    return testing ? join(root, 'packages', testing[1]!, 'src/testing/index.ts') : null;
  };
  /** `{ a, b as c, type T }` → [[a, a], [b, c]]: the name in the module and the name given. */
  const bindings = (list: string) => list.split(',').map((b) => b.trim()).filter((b) => b && !b.startsWith('type ')).map((b) => {
    const [name, as] = b.split(/\s+as\s+/);
    return [name!, as ?? name!] as const;
  });
  const read = (file: string) => {
    let module = modules.get(file);
    if (module) return module;
    const source = file.endsWith('.ts') && existsSync(file) ? readFileSync(file, 'utf8') : '';
    module = { marked: marker.test(source), imports: [], reexports: [] };
    const add = (list: Edge[], specifier: string, names: string[] | '*') => {
      const t = target(file, specifier);
      if (t) list.push({ target: t, names });
    };
    // Statements at the start of a line only: an import inside a string (a linter test's sample) is not one.
    for (const m of source.matchAll(/^import\s+(?!type\s)([^;]*?)\s+from\s+'([^']+)'/gm)) {
      const named = /^\{([^}]*)\}$/.exec(m[1]!.trim());
      add(module.imports, m[2]!, named ? bindings(named[1]!).map(([name]) => name) : '*');
    }
    for (const m of source.matchAll(/^import\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm)) add(module.imports, (m[1] ?? m[2])!, '*');
    // A script the file runs as a child process (`new URL('./fixtures/x.ts', import.meta.url)`) opens what it opens.
    for (const m of source.matchAll(/\bnew URL\(\s*'(\.[^']+\.ts)'\s*,\s*import\.meta\.url\s*\)/g)) add(module.imports, m[1]!, '*');
    for (const m of source.matchAll(/^export\s+(?!type\s)\{([^}]*)\}\s+from\s+'([^']+)'/gm)) {
      const t = target(file, m[2]!);
      const pairs = bindings(m[1]!);
      if (t) module.reexports.push({ target: t, names: pairs.map(([name]) => name), as: pairs.map(([, as]) => as) });
    }
    for (const m of source.matchAll(/^export\s+\*\s+(?:as\s+\w+\s+)?from\s+'([^']+)'/gm)) {
      const t = target(file, m[1]!);
      if (t) module.reexports.push({ target: t, names: '*', as: '*' });
    }
    modules.set(file, module);
    return module;
  };
  return (file: string): boolean => {
    const seen = new Set<string>();
    const stack: Edge[] = [{ target: join(root, file), names: '*' }];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const wanted = next.names === '*' ? ['*'] : next.names;
      const fresh = wanted.filter((w) => !seen.has(`${next.target}\0${w}`));
      if (fresh.length === 0) continue;
      for (const w of fresh) seen.add(`${next.target}\0${w}`);
      const module = read(next.target);
      if (module.marked) return true;
      stack.push(...module.imports);
      for (const r of module.reexports) {
        if (r.names === '*' || r.as === '*' || fresh.includes('*')) stack.push({ target: r.target, names: r.names });
        else {
          const as = r.as;
          const taken = r.names.filter((_, i) => fresh.includes(as[i]!));
          if (taken.length > 0) stack.push({ target: r.target, names: taken });
        }
      }
    }
    return false;
  };
})();

/**
 * Test files named `*.postgres.test.ts` need a PostgreSQL server several processes share (PGlite
 * lives inside one process): they run on the PostgreSQL lane only, chosen here rather than skipped.
 */
const postgresOnly = (file: string) => file.endsWith('.postgres.test.ts');

interface Tally { pass: number; fail: number; code: number }

/** One process of the run: a test file on a lane, or a static check of the whole repository. */
interface Job {
  lane: string;
  /** The test file, or the check's name. */
  name: string;
  /** node's arguments. */
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Counted from node's test reporter (a test file) or from the exit code alone (a check). */
  reportsTests: boolean;
}

const STATIC_CHECKS: Array<[string, string, string[]]> = [
  ['Type check (tsc --noEmit)', 'node_modules/typescript/bin/tsc', ['--noEmit', '-p', '.']],
  ['Lint (eslint)', 'node_modules/eslint/bin/eslint.js', ['.']],
];

/**
 * Time limits, so that a failure always ends the run: each test and hook (node's --test-timeout),
 * each file (its process tree is killed) and the whole run (every file still running is killed).
 * Generous against a loaded machine; a test that needs longer is a test to split.
 */
const limit = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TEST_TIMEOUT_MS = limit('TESSERA_TEST_TIMEOUT_MS', 420_000);
const FILE_TIMEOUT_MS = limit('TESSERA_TEST_FILE_TIMEOUT_MS', 900_000);
const RUN_TIMEOUT_MS = limit('TESSERA_TEST_RUN_TIMEOUT_MS', 3_600_000);
const CONCURRENCY = 2;

/**
 * How long each job took on its last run (seconds, by lane and file), to start the longest first
 * so that the two workers finish together rather than one waiting on a long file taken last. Read
 * from the cache this runner writes after each run, else from the committed scripts/test-durations.json
 * (a fresh clone; refresh it by copying the cache file over it after a whole run).
 */
const DURATIONS_CACHE = join(root, 'node_modules/.cache/tessera/test-durations.json');
const DURATIONS_SEED = join(root, 'scripts/test-durations.json');
const durationKey = (job: Pick<Job, 'lane' | 'name'>) => `${job.lane}: ${job.name}`;
function readDurations(): Record<string, number> {
  for (const file of [DURATIONS_CACHE, DURATIONS_SEED]) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
    } catch {
      // Not there yet, or unreadable: the next one.
    }
  }
  return {};
}
function writeDurations(known: Record<string, number>, measured: Map<string, number>): void {
  const all = { ...known, ...Object.fromEntries([...measured].map(([k, v]) => [k, Math.round(v * 10) / 10])) };
  const sorted = Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
  try {
    mkdirSync(dirname(DURATIONS_CACHE), { recursive: true });
    const partial = `${DURATIONS_CACHE}.${process.pid}`;
    writeFileSync(partial, `${JSON.stringify(sorted, null, 1)}\n`);
    renameSync(partial, DURATIONS_CACHE);
  } catch {
    // A read-only cache folder: the next run orders by the committed figures.
  }
}

/** A job not run before is guessed long (apps/ tests start federations), so none is left to the end. */
const estimate = (known: Record<string, number>, job: Pick<Job, 'lane' | 'name'>) => known[durationKey(job)] ?? (job.name.startsWith('apps/') ? 30 : 10);

/** Every running job's process group, so a watchdog or Ctrl+C can end all of them. */
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

interface JobResult extends Tally { output: string; seconds: number }

/**
 * One job in its own process group. A test file runs under node's test runner with
 * --test-force-exit, which ends the process once its tests are done even if something it started
 * still holds the event loop (a server a failed `before` left behind), so a failure cannot turn
 * into a hang.
 */
function runJob(job: Job, runSignal: AbortSignal): Promise<JobResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    // Where the network guard of this file's processes, children included, writes what it finds.
    const guardLog = join(mkdtempSync(join(tmpdir(), 'tessera-guard-')), 'found.txt');
    const child = spawn(process.execPath, job.args, {
      cwd: root, env: { ...job.env, TESSERA_NETWORK_GUARD_LOG: guardLog }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
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
    const onRunAbort = () => stop('the run timed out');
    runSignal.addEventListener('abort', onRunAbort, { once: true });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      runSignal.removeEventListener('abort', onRunAbort);
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
      const failed = code !== 0 || killedFor !== '' || guarded !== '';
      const fail = job.reportsTests ? count('fail') + count('cancelled') + (guarded ? 1 : 0) : 0;
      const pass = job.reportsTests ? count('pass') : (failed ? 0 : 1);
      if (killedFor) output += `\n✖ ${job.name}: ${killedFor}; its processes were killed\n`;
      const seconds = (performance.now() - started) / 1000;
      resolve({ pass, fail: fail + (failed && fail === 0 ? 1 : 0), code: killedFor ? 1 : (code ?? (signal ? 1 : 0)), output, seconds });
    });
  });
}

/**
 * Runs every job two at a time from one queue, longest first (by the last run's figures), each
 * report printed whole when it ends. Both lanes share the queue: a lane's last long file no longer
 * leaves the other worker idle, and the static checks run beside the tests.
 */
async function runAll(jobs: Job[], known: Record<string, number>): Promise<{ tallies: Map<string, Tally>; measured: Map<string, number> }> {
  const run = new AbortController();
  const watchdog = setTimeout(() => {
    process.stdout.write(`\n✖ the run timed out after ${RUN_TIMEOUT_MS / 1000} s; killing ${running.size} running job(s)\n`);
    run.abort();
  }, RUN_TIMEOUT_MS);
  const tallies = new Map<string, Tally>();
  const measured = new Map<string, number>();
  const queue = [...jobs].sort((a, b) => estimate(known, b) - estimate(known, a));
  const worker = async () => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      const tally = tallies.get(job.lane) ?? { pass: 0, fail: 0, code: 0 };
      tallies.set(job.lane, tally);
      if (run.signal.aborted) {
        process.stdout.write(`✖ ${job.lane}: ${job.name}: not run (the run timed out)\n`);
        tally.fail++;
        tally.code = 1;
        continue;
      }
      let r = await runJob(job, run.signal);
      process.stdout.write(`\n--- ${job.lane}: ${job.name} (${r.seconds.toFixed(1)} s)\n${r.output}`);
      if (r.code === 0 && r.fail === 0) measured.set(durationKey(job), r.seconds);
      if (r.code !== 0 || r.fail > 0) failureDetails.push(`${job.lane}: ${failureDetail(job.name, r.output)}`);
      if ((r.code !== 0 || r.fail > 0) && !run.signal.aborted && job.reportsTests) {
        // One retry, reported by name: a file that fails twice fails the run, one that passes on
        // the retry is listed as flaky in the summary so the flake is seen and fixed, not hidden.
        r = await runJob(job, run.signal);
        process.stdout.write(`\n--- ${job.lane}: ${job.name} (retry, ${r.seconds.toFixed(1)} s)\n${r.output}`);
        if (r.code === 0 && r.fail === 0) flakyFiles.push(`${job.lane}: ${job.name}`);
        else failureDetails.push(`${job.lane} (retry): ${failureDetail(job.name, r.output)}`);
      }
      tally.pass += r.pass;
      tally.fail += r.fail;
      if (r.code !== 0) tally.code = r.code;
      if (r.code !== 0 || r.fail > 0) failedFiles.push(`${job.lane}: ${job.name}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  clearTimeout(watchdog);
  return { tallies, measured };
}

const files = await testFiles();
if (files.length === 0) fail('No test files matched.');
const PGLITE = 'PGlite (embedded)';
const POSTGRES = 'PostgreSQL server';
const pgliteFiles = files.filter((f) => !postgresOnly(f));
const serverFiles = files.filter((f) => opensTestDatabase(f) || postgresOnly(f));
const known = readDurations();
if (planOnly) {
  const planned = [...pgliteFiles.map((f) => ({ lane: PGLITE, name: f })), ...serverFiles.map((f) => ({ lane: POSTGRES, name: f }))];
  for (const job of planned.sort((a, b) => estimate(known, b) - estimate(known, a))) process.stdout.write(`${String(known[durationKey(job)] ?? '?').padStart(6)}  ${durationKey(job)}\n`);
  process.exit(0);
}
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
const testJob = (lane: string, file: string, env: NodeJS.ProcessEnv): Job => ({
  lane, name: file, env, reportsTests: true,
  args: ['--test', '--test-force-exit', `--test-timeout=${TEST_TIMEOUT_MS}`, '--test-reporter=spec', file],
});
const jobs: Job[] = [
  // The whole suite also proves the code type-checks and passes the linter; a filtered run skips both.
  ...(filters.length === 0 ? STATIC_CHECKS.map(([name, bin, args]): Job => ({ lane: 'Static checks', name, env: process.env, reportsTests: false, args: [join(root, bin), ...args] })) : []),
  // A file not chosen for the PostgreSQL lane fails if it opens a test database after all (test-storage.ts).
  ...pgliteFiles.map((f) => testJob(PGLITE, f, serverFiles.includes(f) ? base : { ...base, TESSERA_TEST_NOT_ON_SERVER_LANE: f })),
  ...serverFiles.map((f) => testJob(POSTGRES, f, { ...base, TESSERA_TEST_DATABASE_URL: postgres.url })),
];
process.stdout.write(`\n=== ${jobs.length} jobs, ${CONCURRENCY} at a time: ${PGLITE} ${pgliteFiles.length} test files, ${POSTGRES} ${serverFiles.length} (those opening a test database) ===\n`);
const runStarted = performance.now();
let outcome: Awaited<ReturnType<typeof runAll>>;
try {
  outcome = await runAll(jobs, known);
} finally {
  cleanUp();
}
writeDurations(known, outcome.measured);
const tallies = [...outcome.tallies];
const pass = tallies.reduce((n, [, r]) => n + r.pass, 0);
const failed = tallies.reduce((n, [, r]) => n + r.fail, 0);
const slowest = [...outcome.measured].sort(([, a], [, b]) => b - a).slice(0, 15);
process.stdout.write(`\nSlowest jobs (s):\n${slowest.map(([k, v]) => `  ${v.toFixed(1).padStart(6)}  ${k}`).join('\n')}\n`);
process.stdout.write(`\n${tallies.map(([lane, r]) => `${lane}: pass ${r.pass}, fail ${r.fail}`).join('\n')}\n`);
if (failureDetails.length > 0) process.stdout.write(`\nWhy the failed runs failed:\n${failureDetails.join('\n')}\n`);
if (flakyFiles.length > 0) process.stdout.write(`\nFlaky (failed, then passed on the retry):\n${flakyFiles.map((f) => `  ${f}`).join("\n")}\n`);
if (failedFiles.length > 0) process.stdout.write(`\nFailed:\n${failedFiles.map((f) => `  ${f}`).join('\n')}\n`);
process.stdout.write(`\n${pass} passed, ${failed} failed, in ${((performance.now() - runStarted) / 1000).toFixed(0)} s\n`);
process.exit(tallies.some(([, r]) => r.code !== 0) || failed > 0 ? 1 : 0);
