// SPDX-License-Identifier: Apache-2.0
// The status list token under load: requests arriving together share one encoding and signature,
// and a change is served at once.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { openIssuerFixture, type IssuerFixture } from '../../testing/issuer-fixture.ts';
import { allocateStatusEntry, setStatuses } from './status-lists.ts';
import { statusListPublisher } from './status-list-publisher.ts';

describe('statusListPublisher', { timeout: 120_000 }, () => {
  let f: IssuerFixture;
  before(async () => {
    f = await openIssuerFixture();
  });
  after(async () => f?.close());

  it('signs a list once for requests arriving together, again only after it changed, and serves the change at once', async () => {
    const identity = await f.deps.identity();
    let signatures = 0;
    const publisher = statusListPublisher({ db: f.deps.db, clock: f.deps.clock, baseUrl: 'https://issuer.tessera.test', signer: async () => ({ x5c: identity.x5c, sign: (d) => (signatures++, identity.signer.sign(d)) }) });
    const entry = await f.deps.db.transaction((tx) => allocateStatusEntry(tx, f.deps.clock));
    const tokens = await Promise.all(Array.from({ length: 8 }, () => publisher.token(entry.list)));
    assert.equal(signatures, 1);
    assert.equal(new Set(tokens).size, 1);
    assert.equal(getListFromStatusListJWT(tokens[0]!).getStatus(entry.index), 0);
    assert.equal(await publisher.token(entry.list), tokens[0]);
    assert.equal(signatures, 1);
    await f.deps.db.transaction((tx) => setStatuses(tx, f.deps.clock, [{ ...entry, status: 'invalid' }]));
    const changed = await Promise.all(Array.from({ length: 8 }, () => publisher.token(entry.list)));
    assert.equal(signatures, 2);
    assert.equal(getListFromStatusListJWT(changed[0]!).getStatus(entry.index), 1);
  });
});
