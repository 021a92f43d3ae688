// SPDX-License-Identifier: Apache-2.0
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { freePort } from '../apps/tessera/src/testing/free-port.ts';

const cli = new URL('../apps/tessera/src/cli.ts', import.meta.url).pathname;

interface StartResult {
  /** From spawning `tessera start` to the banner ("Press Ctrl+C to stop"). */
  secondsToBanner: number;
  /** From spawning to the first progress line, or null when the start printed none. */
  secondsToFirstProgress: number | null;
  progressLines: number;
  /** Every URL in the banner answered an HTTP request right after it was printed. */
  urlsAnswering: number;
  urlsInBanner: number;
  /** Exit code after SIGTERM right after the banner (0: a clean stop). */
  exitCodeAfterSigterm: number | null;
}

/**
 * `npm start` as a user meets it: `tessera start` in a child process, on empty storage (cold: a
 * fresh data folder, the key ceremony, the demo world) and again on the storage it left (warm).
 * Timed to the banner, which is printed only once every server listens; each URL in it is then
 * asked once to prove it. The raw limit next to it: PGlite's own first-time setup of a data
 * folder (initdb), which no start on empty embedded storage can avoid.
 */
export async function run() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-start-'));
  try {
    const ports = { TESSERA_PORT: await freePort(), TESSERA_PAYMENT_PORT: await freePort(), TESSERA_TRUST_PORT: await freePort() };
    // Embedded storage, as `npm start` on a fresh clone: a DATABASE_URL of the bench's environment is not passed on.
    const env: NodeJS.ProcessEnv = { ...process.env, TESSERA_DATA_DIR: dataDir, TESSERA_LOG_LEVEL: 'warn', ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
    delete env.DATABASE_URL;
    const cold = await timeStart(env);
    const warm = await timeStart(env);
    const initdbSeconds = await pgliteInitdb(join(dataDir, 'initdb'));
    return {
      name: 'start-up',
      storage: 'pglite',
      coldStart: { ...cold, target: 10 },
      warmStart: { ...warm, target: 3 },
      rawLimit: { pgliteInitdbSeconds: initdbSeconds },
      coldVsInitdb: Number((cold.secondsToBanner / initdbSeconds).toFixed(2)),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function timeStart(env: NodeJS.ProcessEnv): Promise<StartResult> {
  const began = performance.now();
  const child = spawn(process.execPath, [cli, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let firstProgress: number | null = null;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const banner = await new Promise<number>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (firstProgress === null && /^ {2}\S.* \d+\/\d+$/m.test(output)) firstProgress = performance.now();
      if (output.includes('Press Ctrl+C to stop')) resolve(performance.now());
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then((code) => reject(new Error(`tessera start exited (${code}) before its banner:\n${output}`)));
  });
  const urls = [...new Set(output.match(/https?:\/\/(localhost|127\.0\.0\.1):\d+\/?[^\s)]*/g) ?? [])];
  const answers = await Promise.all(urls.map((url) => fetch(url, { signal: AbortSignal.timeout(5000) }).then((r) => r.arrayBuffer().then(() => true), () => false)));
  child.kill('SIGTERM');
  return {
    secondsToBanner: seconds(banner - began),
    secondsToFirstProgress: firstProgress === null ? null : seconds(firstProgress - began),
    progressLines: output.split('\n').filter((line) => /^ {2}\S.* \d+\/\d+$/.test(line)).length,
    urlsAnswering: answers.filter(Boolean).length,
    urlsInBanner: urls.length,
    exitCodeAfterSigterm: await exited,
  };
}

async function pgliteInitdb(dir: string): Promise<number> {
  const began = performance.now();
  const db = new PGlite(dir);
  await db.waitReady;
  const took = performance.now() - began;
  await db.close();
  return seconds(took);
}

const seconds = (ms: number) => Number((ms / 1000).toFixed(2));

if (import.meta.main) console.log(JSON.stringify(await run(), null, 2));
