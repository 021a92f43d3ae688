// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { eq } from 'drizzle-orm';
import { acceptCentreTreeHead, latestCentreTreeHead, upsertPartnerCentres } from '@tessera/authority';
import { openAuthorityServer, type AuthorityServer, type TestBrowser } from '@tessera/authority/testing';
import { appendEvent, latestTreeHead, logEntries, openTestStorage, proveConsistency, signTreeHead, verifyTreeHeadSignature, type LogKeyRotation, type Storage } from '@tessera/platform';
import { readConfig, type TesseraConfig } from '../config.ts';
import { loadLogSigningKey, type LogSigningKey } from '../log-signing-key.ts';
import { CENTRE_MIGRATIONS } from '../start-centre.ts';
import { centreRotateLogKeyCommand } from './centre-rotate-log-key.ts';

let dir: string;
let config: TesseraConfig;
let centre: Storage;
let a: AuthorityServer;
let overseer: TestBrowser;
let original: LogSigningKey;
const LIVE = ['seoul-vfs', 'dubai-vfs'];
const kek = () => Buffer.from(config.keyEncryptionKey, 'hex');
const keyDir = () => join(dir, 'centre');
// The centre's own database, as the command opens it (closed by the command: a view that does not close the test's).
const open = async () => Object.assign(Object.create(centre) as Storage, { close: async () => undefined });
const run = async (o: { switch: boolean }) => {
  const out = new PassThrough();
  const code = await centreRotateLogKeyCommand(config, o, out, { open, clock: a.clock });
  return { code, text: String(out.read() ?? '') };
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-rotate-log-key-'));
  config = readConfig({ TESSERA_DATA_DIR: dir, TESSERA_OPEN_LOCATIONS: LIVE.join(','), TESSERA_LOG_LEVEL: 'silent' }).values;
  centre = await openTestStorage();
  for (const m of CENTRE_MIGRATIONS) await centre.migrate(m);
  a = await openAuthorityServer();
  overseer = await a.staffBrowser(['officer']);
  // The centre's first start makes its key; the authority pins it at registration and accepts a first head.
  original = await loadLogSigningKey({ dataDir: keyDir(), kek: kek() });
  await upsertPartnerCentres(a.deps.db, a.clock, LIVE.map((location) => ({ location, exchangeClient: `TESSERA/COM/1/${location}`, logKey: { ...original.publicJwk } })));
  await centreEvent('card.arrived');
  await signTreeHead(centre.db, original, a.clock);
  for (const location of LIVE) await sendHead(location);
});
after(async () => {
  await a?.close();
  await centre?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function centreEvent(type: string) {
  await centre.db.transaction((tx) => appendEvent(tx, { context: 'centre', type, subject: 'seoul-vfs', actor: 'op-1', at: a.clock.now() }));
}

/** What the centre's job sends: its latest head with the consistency proof from the head the authority accepted last, through the authority's own check. */
async function sendHead(location: string) {
  const head = (await latestTreeHead(centre.db))!;
  const from = (await latestCentreTreeHead(a.deps, location))?.size ?? 0;
  const consistency = from > 0 && from < head.size ? await proveConsistency(centre.db, from, head.size) : [];
  return acceptCentreTreeHead(a.deps, location, { head, from, consistency });
}

const centreLog = async (type: string) => centre.db.select().from(logEntries).where(eq(logEntries.type, type));

test('--switch with no next key pending is refused with its code and changes nothing', async () => {
  await assert.rejects(run({ switch: true }), { code: 'ERR_LOG_KEY_ROTATION_NOT_PENDING' });
  assert.equal((await centreLog('centre.log_key_switched')).length, 0);
  assert.equal((await loadLogSigningKey({ dataDir: keyDir(), kek: kek() })).kid, original.kid);
});

test('the centre makes its next key and the statements, the authority approves them, and after the switch the next head, signed by the new key, is accepted as consistent; the old key’s heads are refused from then on', async () => {
  const made = await run({ switch: false });
  assert.equal(made.code, 0);
  assert.match(made.text, /Made the next transparency-log key/);
  const statements = new Map([...made.text.matchAll(/^([a-z0-9-]+): (\{.*\})$/gm)].map(([, location, json]) => [location!, JSON.parse(json!) as LogKeyRotation]));
  assert.deepEqual([...statements.keys()], LIVE, 'one statement for each live centre');
  assert.doesNotMatch(made.text, /"d":/, 'no private key is printed');
  const logged = await centreLog('centre.log_key_rotation_signed');
  assert.deepEqual(logged.map((e) => e.subject).sort(), [...LIVE].sort(), 'each statement is in the centre’s log');
  const newX = statements.get('seoul-vfs')!.payload.newKey.x;
  assert.notEqual(newX, original.publicJwk.x);

  // Asked again before the switch: the same pending key, no second one.
  const again = await run({ switch: false });
  assert.match(again.text, /already made/);
  assert.ok(again.text.includes(`"x":"${newX}"`));

  // Until the switch the centre still signs with the current key, which the authority keeps accepting.
  await centreEvent('card.handed_over');
  await signTreeHead(centre.db, original, a.clock);
  for (const location of LIVE) {
    const approved = await overseer.send({
      method: 'POST', url: `/api/v1/officer/centres/${location}/log-key`, payload: JSON.stringify(statements.get(location)),
      headers: { 'content-type': 'application/json', 'x-csrf-token': await overseer.csrfToken('/officer') },
    });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal((await sendHead(location)).accepted, (await latestTreeHead(centre.db))!.size, 'the retiring key is accepted until the switch');
  }

  const switched = await run({ switch: true });
  assert.equal(switched.code, 0);
  assert.match(switched.text, /signs its next tree head with it \(no restart needed\)/);
  assert.equal((await centreLog('centre.log_key_switched')).length, LIVE.length);
  // The centre's next start signs with the new key.
  const restarted = await loadLogSigningKey({ dataDir: keyDir(), kek: kek() });
  assert.equal(restarted.publicJwk.x, newX);
  const head = await signTreeHead(centre.db, restarted, a.clock);
  await verifyTreeHeadSignature(head, restarted.publicKey);
  for (const location of LIVE) {
    const before = (await latestCentreTreeHead(a.deps, location))!.size;
    const accepted = await sendHead(location);
    assert.equal(accepted.accepted, head.size, `${location}: the new key’s head is accepted`);
    assert.ok(head.size > before, 'and proven an extension of the head accepted before the switch');
  }
  // A head the retired key signs now is refused and flagged.
  await centreEvent('card.returned');
  await signTreeHead(centre.db, original, a.clock);
  await assert.rejects(sendHead('seoul-vfs'), { code: 'ERR_CENTRE_TREE_HEAD_SIGNATURE' });
  // Nothing pending any more: a second switch is refused.
  await assert.rejects(run({ switch: true }), { code: 'ERR_LOG_KEY_ROTATION_NOT_PENDING' });
});
