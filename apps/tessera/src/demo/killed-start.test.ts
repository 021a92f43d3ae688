// SPDX-License-Identifier: Apache-2.0
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openStorage } from '@tessera/platform';
import { federationPorts } from '../testing/free-port.ts';
import { demoWorldState } from './demo-world.ts';
import { clientId } from '../exchange/members.ts';

// Runs the real CLI on embedded storage in a folder of its own; PGlite lane only (one process owns the folder).
const cli = new URL('../cli.ts', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-killed-start-'));
const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const env = {
  PATH: process.env.PATH, HOME: process.env.HOME, TESSERA_DATA_DIR: dataDir, TESSERA_LOG_LEVEL: 'warn',
  ...(await federationPorts()),
};

/** Starts `tessera start`; resolves with its output so far once `until` matches a line, or rejects if it exits first. */
function start(until: RegExp): Promise<{ child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [cli, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => {
    running.delete(child);
    done(code);
  }));
  return new Promise((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (until.test(output)) resolve({ child, output: () => output, exited });
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    void exited.then((code) => reject(new Error(`tessera start exited (${code}) before ${until}:\n${output}`)));
  });
}

async function counts() {
  const storage = await openStorage({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  try {
    const state = await demoWorldState(storage.db);
    const { rows } = (await storage.db.execute(sql`select
      (select count(*)::int from authority.applications) as applications,
      (select count(*)::int from platform_auth.staff) as staff,
      (select count(*)::int from trust.cards) as cards,
      (select count(*)::int from exchange_tracker.data_access where side = 'provider' and client = ${clientId('welfare')}) as accesses`)) as unknown as { rows: Array<{ applications: number; staff: number; cards: number; accesses: number }> };
    return { state, ...rows[0]! };
  } finally {
    await storage.close();
  }
}

test('a start killed while it loads the demo world leaves nothing, and the next start loads the whole world', { timeout: 900_000 }, async () => {
  const first = await start(/applications (\d\d+)\/300/);
  first.child.kill('SIGKILL');
  await first.exited;
  const afterKill = await counts();
  assert.equal(afterKill.state, 'empty');
  assert.equal(afterKill.applications, 0);
  assert.equal(afterKill.staff, 0);

  const second = await start(/Press Ctrl\+C to stop/);
  assert.match(second.output(), /300 applications, 10 staff accounts/);
  assert.match(second.output(), /seoul-vfs: 100 handed over, 5 booked, 5 in stock, 4 in transit, 3 at bureau/);
  assert.match(second.output(), /dubai-vfs: 2 handed over, 1 booked, 1 in stock, 1 in transit/);
  assert.match(second.output(), /Demo logins/);
  // Stopped right after the banner: the handlers were in place before the start began, so the stop is clean.
  second.child.kill('SIGTERM');
  assert.equal(await second.exited, 0);
  const loaded = await counts();
  assert.equal(loaded.state, 'demo');
  assert.equal(loaded.applications, 300);
  // The authority's four, the issuer's administrator and the benefits policy author; the centres' four accounts are in the centre's own storage.
  assert.equal(loaded.staff, 6);
  assert.equal(loaded.accesses, 24);

  // Killed again, this time after the world is in: the next start keeps it as it is.
  const third = await start(/Press Ctrl\+C to stop/);
  assert.doesNotMatch(third.output(), /Loading the Seoul pilot demo world/);
  third.child.kill('SIGKILL');
  await third.exited;
  assert.deepEqual(await counts(), loaded);
});
