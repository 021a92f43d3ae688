// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@tessera/platform';
import { currentLogKey } from './current-log-key.ts';
import { prepareNextLogKey, switchToNextLogKey } from './next-log-key.ts';

test('a serving process signs with the key switched in beside it, without a restart, and unseals the key again only when the file was replaced', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-current-log-key-'));
  try {
    const kek = randomBytes(32);
    const key = await currentLogKey({ dataDir, kek });
    const first = await key();
    assert.equal(await key(), first, 'the same key while the file is unchanged');

    // What `tessera centre rotate-log-key` and then `--switch` do, in another process.
    const { next } = await prepareNextLogKey({ dataDir, kek, clock: new ManualClock('2026-12-04T09:00:00Z') });
    assert.equal((await key()).kid, first.kid, 'a pending next key signs nothing yet');
    await switchToNextLogKey({ dataDir, retiringKid: first.kid });
    const switched = await key();
    assert.equal(switched.kid, next.kid);
    assert.notEqual(switched.kid, first.kid);
    assert.deepEqual(switched.publicJwk, next.publicJwk);
    const data = new TextEncoder().encode('a tree head');
    const signature = await crypto.subtle.sign('Ed25519', switched.privateKey, data);
    const publicKey = await crypto.subtle.importKey('jwk', next.publicJwk, 'Ed25519', true, ['verify']);
    assert.ok(await crypto.subtle.verify('Ed25519', publicKey, signature, data), 'signs as the new key');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
