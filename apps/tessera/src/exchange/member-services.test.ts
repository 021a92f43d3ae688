// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTrustFixture, type TrustFixture } from '@tessera/trust/testing';
import { trustCardDesk } from '../card-desk.ts';
import { startMemberServices } from './member-services.ts';
import { clientId, INSTANCE } from './members.ts';

let trust: TrustFixture;
let services: Awaited<ReturnType<typeof startMemberServices>>;
const SEOUL = clientId('centre');
const DUBAI = `${INSTANCE}/COM/10000002/dubai-centre`;
const order = (reference: string, pickupLocation: string) => ({ reference, givenNames: 'Min-jun', surname: 'Kim', dateOfBirth: '1990-01-01', sex: 'M' as const, citizenship: 'KR', pickupLocation });

before(async () => {
  trust = await openTrustFixture();
  const desk = trustCardDesk(trust.deps);
  await desk.order(order('ER-2026-000001', 'seoul-vfs'), 'test');
  await desk.order(order('ER-2026-000002', 'dubai-vfs'), 'test');
  services = await startMemberServices({ storage: trust.storage, cookieSecret: 'c'.repeat(32), logLevel: 'silent', issuerDesk: desk, centreLocations: { [SEOUL]: 'seoul-vfs', [DUBAI]: 'dubai-vfs' } });
});
after(async () => {
  await services?.server.close();
  await trust?.close();
});

const manifest = (client: string) => fetch(`${services.url}/authority/card-manifests/cards?references=ER-2026-000001,ER-2026-000002`, { headers: { 'x-road-client': client } });
const handOver = (client: string, reference: string) => fetch(`${services.url}/authority/handovers/handovers/${reference}`, {
  method: 'POST', headers: { 'x-road-client': client, 'content-type': 'application/json' }, body: JSON.stringify({ confirmedBy: 'operator' }),
});

test('a centre sees in the card manifest only the cards sent to its own pickup location', async () => {
  const seoul = (await (await manifest(SEOUL)).json()) as { cards: Array<{ reference: string }> };
  assert.deepEqual(seoul.cards.map((c) => c.reference), ['ER-2026-000001']);
  const dubai = (await (await manifest(DUBAI)).json()) as { cards: Array<{ reference: string }> };
  assert.deepEqual(dubai.cards.map((c) => c.reference), ['ER-2026-000002']);
});

test('a centre cannot hand over, and so activate, a card sent to another centre', async () => {
  const refused = await handOver(SEOUL, 'ER-2026-000002');
  assert.equal(refused.status, 404);
  assert.equal(((await refused.json()) as { code: string }).code, 'ERR_NOT_FOUND');
  const card = (await trustCardDesk(trust.deps).cardsFor(['ER-2026-000002'])).get('ER-2026-000002');
  assert.equal(card?.state, 'personalised', 'the other centre’s card stays on hold');
  const own = await handOver(DUBAI, 'ER-2026-000002');
  assert.equal(own.status, 200);
  assert.equal(((await own.json()) as { state: string }).state, 'active');
});

test('a caller whose identifier is not exactly a centre’s is refused, even as a prefix or extension of one', async () => {
  for (const client of [`${SEOUL}x`, SEOUL.slice(0, -1), SEOUL.toLowerCase(), clientId('welfare'), 'toString', '__proto__']) {
    const response = await manifest(client);
    assert.equal(response.status, 403, client);
    assert.equal(((await response.json()) as { code: string }).code, 'ERR_FORBIDDEN');
    assert.equal((await handOver(client, 'ER-2026-000001')).status, 403, client);
  }
  const card = (await trustCardDesk(trust.deps).cardsFor(['ER-2026-000001'])).get('ER-2026-000001');
  assert.equal(card?.state, 'personalised');
});
