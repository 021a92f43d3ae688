// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { insideTransaction, outsideTransaction } from './transaction-scope.ts';
import { openTestStorage } from './test-storage.ts';
import type { Storage } from './database.ts';

const GUARD = new URL('../../../../scripts/guards/no-network-in-transaction.ts', import.meta.url).pathname;
const SCOPE = new URL('./transaction-scope.ts', import.meta.url).pathname;
const DATABASE = new URL('./database.ts', import.meta.url).pathname;

describe('which code runs inside a transaction', () => {
  let storage: Storage;
  before(async () => {
    storage = await openTestStorage();
  });
  after(async () => storage?.close());

  it('is known inside the callback, in what it awaits and in a nested transaction, and not after the commit', async () => {
    assert.equal(insideTransaction(), false);
    const seen = await storage.db.transaction(async (tx) => {
      const first = insideTransaction();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const afterAwait = insideTransaction();
      const nested = await tx.transaction(async () => insideTransaction());
      return [first, afterAwait, nested];
    });
    assert.deepEqual(seen, [true, true, true]);
    assert.equal(insideTransaction(), false);
  });

  it('work handed out of a transaction that holds no data (a job’s advisory lock) runs unmarked, and the mark is back after it', async () => {
    const seen = await storage.db.transaction(async () => {
      const job = await outsideTransaction(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return insideTransaction();
      });
      return [job, insideTransaction()];
    });
    assert.deepEqual(seen, [false, true]);
  });

  it('a rolled-back transaction leaves no mark behind', async () => {
    await assert.rejects(storage.db.transaction(async () => {
      throw new Error('roll back');
    }));
    assert.equal(insideTransaction(), false);
  });
});

describe('the test suite’s guard against network calls inside a transaction', () => {
  const server = createServer((_request, response) => response.end('ok'));
  let port = 0;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => server.close());

  // The child's deliberate finding is its own: it must not reach the log of the suite's guard.
  const { TESSERA_NETWORK_GUARD_LOG: _suiteLog, NODE_OPTIONS: _suiteOptions, ...env } = process.env;
  const run = (script: string) => promisify(execFile)(process.execPath, [`--import=${GUARD}`, '--input-type=module', '-e', script], { env })
    .then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }));
  const withStorage = (body: string) => `import { openStorage } from ${JSON.stringify(DATABASE)};
    const storage = await openStorage({ kind: 'pglite' });
    ${body}
    await storage.close();`;

  it('fails the process and names the call when a fetch is made while a transaction is open', async () => {
    const result = await run(withStorage(`await storage.db.transaction(async () => { await fetch('http://127.0.0.1:${port}/provider/charge?token=secret'); });`));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /network calls inside a database transaction/);
    assert.match(result.stderr, new RegExp(`fetch GET http://127\\.0\\.0\\.1:${port}/provider/charge\\n`), 'the query string (a secret, maybe) is not printed');
  });

  it('lets the same call pass once the transaction has committed (claim, commit, call, record)', async () => {
    const result = await run(withStorage(`await storage.db.transaction(async () => undefined); await fetch('http://127.0.0.1:${port}/provider/charge');
      const { insideTransaction } = await import(${JSON.stringify(SCOPE)}); if (insideTransaction()) process.exit(3);`));
    assert.deepEqual(result, { code: 0, stderr: '' });
  });
});
