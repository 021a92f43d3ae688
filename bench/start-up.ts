// SPDX-License-Identifier: Apache-2.0
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { freePort } from '../apps/tessera/src/testing/free-port.ts';

const cli = new URL('../apps/tessera/src/cli.ts', import.meta.url).pathname;

interface StartResult {
  /** From spawning `tessera start` to the banner ("Press Ctrl+C to stop"). */
  secondsToBanner: number;
  /**
   * CPU time the start used until its banner (user + system, Linux /proc; null elsewhere): on a
   * machine whose cores are shared, the part of the wall time that is the start's own work.
   */
  cpuSecondsToBanner: number | null;
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
 * `npm start` as a user meets it: `tessera start` in a child process, on empty storage (a fresh
 * data folder, the key ceremony, the demo world) right after install and again once the template
 * of empty storage exists, then on the storage the second one left (warm).
 * Timed to the banner, which is printed only once every server listens; each URL in it is then
 * asked once to prove it. The raw limit next to it: PGlite's own first-time setup of a data
 * folder (initdb), which no start on empty embedded storage can avoid.
 */
export async function run() {
  const root = mkdtempSync(join(tmpdir(), 'tessera-bench-start-'));
  try {
    const ports = { TESSERA_PORT: await freePort(), TESSERA_PAYMENT_PORT: await freePort(), TESSERA_TRUST_PORT: await freePort(), TESSERA_CREDENTIALS_PORT: await freePort(), TESSERA_CENTRE_PORT: await freePort() };
    // Embedded storage, as `npm start` on a fresh clone: a DATABASE_URL of the bench's environment is not passed on.
    const env = (dataDir: string): NodeJS.ProcessEnv => {
      const e: NodeJS.ProcessEnv = { ...process.env, TESSERA_DATA_DIR: join(root, dataDir), TESSERA_TEMPLATE_DIR: join(root, 'template-cache'), TESSERA_LOG_LEVEL: 'warn' };
      for (const [k, v] of Object.entries(ports)) e[k] = String(v);
      delete e.DATABASE_URL;
      return e;
    };
    // The first start after `npm ci` (no template of empty storage yet), another on empty storage, then a restart on what that one left.
    const first = await timeStart(env('first'));
    const cold = await timeStart(env('cold'));
    const warm = await timeStart(env('cold'));
    const initdbSeconds = await pgliteInitdb(join(root, 'initdb'));
    return {
      name: 'start-up',
      storage: 'pglite',
      firstStartAfterInstall: { ...first, target: 10 },
      coldStart: { ...cold, target: 10 },
      warmStart: { ...warm, target: 3 },
      rawLimit: { pgliteInitdbSeconds: initdbSeconds },
      firstVsInitdb: Number((first.secondsToBanner / initdbSeconds).toFixed(2)),
      coldVsInitdb: Number((cold.secondsToBanner / initdbSeconds).toFixed(2)),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function timeStart(env: NodeJS.ProcessEnv): Promise<StartResult> {
  const began = performance.now();
  const child = spawn(process.execPath, [cli, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let firstProgress: number | null = null;
  let cpu: number | null = null;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const banner = await new Promise<number>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (firstProgress === null && /^ {2}\S.* \d+\/\d+$/m.test(output)) firstProgress = performance.now();
      if (output.includes('Press Ctrl+C to stop')) {
        cpu = cpuSeconds(child.pid);
        resolve(performance.now());
      }
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
    cpuSecondsToBanner: cpu,
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

/** utime + stime of a process, in clock ticks of 1/100 s (Linux's USER_HZ). */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return Number(((Number(fields[11]) + Number(fields[12])) / 100).toFixed(2));
  } catch {
    return null;
  }
}

const seconds = (ms: number) => Number((ms / 1000).toFixed(2));

if (import.meta.main) console.log(JSON.stringify(await run(), null, 2));
