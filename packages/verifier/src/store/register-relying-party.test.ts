// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { X509Certificate } from '@peculiar/x509';
import { eq } from 'drizzle-orm';
import { logEntries } from '@tessera/platform';
import { openVerifierFixture, BANK, type VerifierFixture } from '../testing/verifier-fixture.ts';
import { registerRelyingParty } from './register-relying-party.ts';
import { clientIdOf, findRelyingParty, relyingPartyByApiKey } from './relying-party-identity.ts';
import { relyingParties } from './schema.ts';

describe('relying-party registration', { timeout: 120_000 }, () => {
  let f: VerifierFixture;
  before(async () => {
    f = await openVerifierFixture({ register: [] });
  });
  after(async () => f?.close());

  it('registers what a relying party may ask for and why, with its own certificate, API key and a log event', async () => {
    const { apiKey } = await registerRelyingParty(f.deps, BANK, 'admin-1');
    const rp = await findRelyingParty(f.deps, BANK.id);
    assert.deepEqual([rp.name, rp.purpose, rp.claims], [BANK.name, BANK.purpose, BANK.claims]);
    assert.equal((await relyingPartyByApiKey(f.deps, apiKey)).id, BANK.id);
    await assert.rejects(relyingPartyByApiKey(f.deps, `${apiKey}x`), { code: 'ERR_UNAUTHENTICATED' });
    const certificate = new X509Certificate(new Uint8Array(rp.certificate));
    assert.match(certificate.subject, /O=Hana Bank/);
    assert.match(clientIdOf(rp.certificate), /^x509_hash:[A-Za-z0-9_-]{43}$/);
    const [event] = await f.deps.db.select().from(logEntries).where(eq(logEntries.subject, BANK.id));
    assert.equal(event!.type, 'relying_party.registered');
  });

  it('refuses a second registration of the same id and incomplete registrations, storing nothing', async () => {
    await assert.rejects(registerRelyingParty(f.deps, BANK, 'admin-1'), { code: 'ERR_RELYING_PARTY_EXISTS' });
    await assert.rejects(registerRelyingParty(f.deps, { ...BANK, id: 'shinhan', purpose: { en: 'x', ko: '', et: 'y' } }, 'admin-1'),
      (e: { code: string; issues: Array<{ path: string }> }) => e.code === 'ERR_VALIDATION' && e.issues[0]!.path === '/purpose/ko');
    await assert.rejects(registerRelyingParty(f.deps, { ...BANK, id: 'shinhan', claims: [{ vct: 'x', claims: [] }] }, 'admin-1'), { code: 'ERR_VALIDATION' });
    assert.equal((await f.deps.db.select().from(relyingParties)).length, 1);
  });
});
