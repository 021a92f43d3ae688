// SPDX-License-Identifier: Apache-2.0
// The status check under concurrency: presentations checked at once share a list's fetch,
// verification and decoding, yet none is answered from a fetch begun before it was.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setStatuses } from '@tessera/credentials';
import { openVerifierFixture, type VerifierFixture } from '../../testing/verifier-fixture.ts';
import { credentialStatusCheck, freshLoads } from './credential-status-check.ts';

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};

describe('freshLoads', () => {
  it('calls while a load runs share the next load, begun after it settles; a call alone starts its own', async () => {
    const runs: Array<ReturnType<typeof deferred<number>>> = [];
    const load = freshLoads(() => {
      runs.push(deferred<number>());
      return runs.at(-1)!.promise;
    });
    const first = load();
    const during = [load(), load(), load()];
    assert.equal(runs.length, 1);
    runs[0]!.resolve(1);
    assert.equal(await first, 1);
    await new Promise((r) => setImmediate(r));
    assert.equal(runs.length, 2, 'the waiting calls got a load of their own, begun after the first settled');
    const later = load();
    runs[1]!.resolve(2);
    assert.deepEqual(await Promise.all(during), [2, 2, 2]);
    await new Promise((r) => setImmediate(r));
    runs[2]!.resolve(3);
    assert.equal(await later, 3);
    assert.equal(runs.length, 3);
  });

  it('a failed load refuses its callers and is not kept', async () => {
    let n = 0;
    const load = freshLoads(async () => {
      n++;
      if (n === 1) throw new Error('unreachable');
      return n;
    });
    await assert.rejects(load(), /unreachable/);
    assert.equal(await load(), 2);
  });
});

describe('credentialStatusCheck', { timeout: 120_000 }, () => {
  let f: VerifierFixture;
  let reference: { status_list: { idx: number; uri: string } };
  let iss: string;

  before(async () => {
    f = await openVerifierFixture();
    const payload = JSON.parse(Buffer.from((await f.credential()).split('.')[1]!, 'base64url').toString()) as { status: typeof reference; iss: string };
    reference = payload.status;
    iss = payload.iss;
  });
  after(async () => f?.close());

  const listOf = (uri: string) => Number(uri.split('/').pop());

  it('eight presentations checked at once fetch the list at most twice, with fetching every time (maxAgeSeconds 0)', async () => {
    let fetches = 0;
    const status = credentialStatusCheck({ trust: f.deps.issuerTrust, clock: f.deps.clock, maxAgeSeconds: 0, fetch: async (uri) => {
      fetches++;
      return f.issuer.deps.statusLists.token(listOf(uri));
    } });
    await Promise.all(Array.from({ length: 8 }, () => status.check(reference, iss)));
    assert.ok(fetches >= 1 && fetches <= 2, `${fetches} fetches`);
    const before = fetches;
    await status.check(reference, iss);
    assert.equal(fetches, before + 1, 'a check alone fetches the list again');
  });

  it('a check begun after a revocation refuses it, though a fetch begun before the revocation is still under way', async () => {
    const gates: Array<ReturnType<typeof deferred<void>>> = [];
    const status = credentialStatusCheck({ trust: f.deps.issuerTrust, clock: f.deps.clock, maxAgeSeconds: 0, fetch: async (uri) => {
      const token = await f.issuer.deps.statusLists.token(listOf(uri));
      gates.push(deferred<void>());
      await gates.at(-1)!.promise;
      return token;
    } });
    const early = status.check(reference, iss);
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    await f.deps.db.transaction((tx) => setStatuses(tx, f.deps.clock, [{ list: listOf(reference.status_list.uri), index: reference.status_list.idx, status: 'invalid' }]));
    const late = status.check(reference, iss);
    gates[0]!.resolve();
    await early; // read before the revocation: valid
    while (gates.length === 1) await new Promise((r) => setImmediate(r));
    gates[1]!.resolve();
    await assert.rejects(late, { code: 'ERR_CREDENTIAL_REVOKED' });
  });

  it('a list that cannot be fetched refuses the presentations waiting for it, and the next check fetches again (and sees the revocation above)', async () => {
    let fail = true;
    const status = credentialStatusCheck({ trust: f.deps.issuerTrust, clock: f.deps.clock, maxAgeSeconds: 300, fetch: async (uri) => {
      if (fail) throw new Error('down');
      return f.issuer.deps.statusLists.token(listOf(uri));
    } });
    await assert.rejects(Promise.all(Array.from({ length: 4 }, () => status.check(reference, iss))), { code: 'ERR_STATUS_UNAVAILABLE' });
    fail = false;
    await assert.rejects(status.check(reference, iss), { code: 'ERR_CREDENTIAL_REVOKED' });
  });
});
