// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:tls';
import { and, desc, eq } from 'drizzle-orm';
import { logEntries } from '@tessera/platform';
import { setGatewayCertificate } from '../registry/gateways.ts';
import { messages } from '../message-log/schema.ts';
import { AUTHORITY, INSTANCE, openExchangeFixture, type ExchangeFixture } from '../testing/exchange-fixture.ts';
import { loadGatewayIdentity, renewGatewayIdentity, type GatewayIdentity } from './gateway-identity.ts';

const DAY_MS = 86_400_000;
let f: ExchangeFixture;
before(async () => {
  f = await openExchangeFixture();
});
after(() => f.close());

const kek = randomBytes(32);
const request = { instance: INSTANCE, ...AUTHORITY, serverCode: 'gw1', dnsNames: ['localhost'] };
const deps = () => ({ db: f.trust.storage.db, clock: f.trust.clock, trust: f.trust.deps, kek });
/** What a renewing process does with a new generation: the registry pins its TLS certificate, then the running gateway switches. */
const apply = async (next: GatewayIdentity) => {
  await setGatewayCertificate(f.registry, 'operator', { ...AUTHORITY, serverCode: 'gw1' }, next.tls.der);
  await f.publish();
  f.authority.gateway.useIdentity(next);
};

/** The certificate the authority's provider side presents to a new TLS connection. */
function presented(): Promise<Uint8Array> {
  const url = new URL(f.authority.gateway.providerUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), rejectUnauthorized: false }, () => {
      resolve(new Uint8Array(socket.getPeerCertificate().raw));
      socket.end();
    });
    socket.on('error', reject);
  });
}

/** Through both gateways; answers with the x5c leaf of the authority's signature on its response. */
async function callAndSigner(): Promise<Uint8Array> {
  const response = await fetch(`${f.centre.gateway.clientUrl}/r1/TESSERA/GOV/70000001/cards/card-manifest/manifests/2026-11`, { headers: { 'X-Road-Client': 'TESSERA/COM/10000001/handover' } });
  const body = await response.text();
  assert.equal(response.status, 200, `${body} ${JSON.stringify(f.gatewayErrors.map(String))}`);
  const [row] = await f.trust.storage.db.select({ signature: messages.signature }).from(messages)
    .where(and(eq(messages.gateway, f.authority.name), eq(messages.direction, 'response'))).orderBy(desc(messages.id)).limit(1);
  const header = JSON.parse(Buffer.from(row!.signature.split('.')[0]!, 'base64url').toString('utf8')) as { x5c: string[] };
  return new Uint8Array(Buffer.from(header.x5c[0]!, 'base64'));
}

test('a running gateway takes its renewed identity when it falls due, without a restart, and messages keep flowing under it', async () => {
  // The identity the gateway processes share, put to use in the running gateway.
  let current = await loadGatewayIdentity(deps(), request, 'operator');
  await apply(current);
  assert.deepEqual(await presented(), current.tls.der);
  assert.deepEqual(await callAndSigner(), current.signing.certificateDer);

  // Long before expiry the scheduled check changes nothing.
  const providerUrl = f.authority.gateway.providerUrl;
  let applied = 0;
  const counted = async (next: GatewayIdentity) => { applied++; await apply(next); };
  assert.equal(await renewGatewayIdentity(deps(), request, 'operator', current, counted), current);
  assert.equal(applied, 0);

  // 29 days before the certificates expire (the clock is the injected one), the check renews.
  f.trust.clock.set(new Date(current.notAfter.getTime() - 29 * DAY_MS));
  const renewed = await renewGatewayIdentity(deps(), request, 'operator', current, counted);
  assert.equal(applied, 1);
  assert.equal(renewed.generation, current.generation + 1);
  assert.ok(renewed.notAfter > current.notAfter);
  assert.notDeepEqual(renewed.tls.der, current.tls.der);
  assert.equal(f.authority.gateway.providerUrl, providerUrl, 'the same gateway, not a restarted one');
  assert.deepEqual(await presented(), renewed.tls.der, 'new connections see the renewed TLS certificate');
  assert.deepEqual(await callAndSigner(), renewed.signing.certificateDer, 'messages are signed with the renewed signing certificate');
  const events = await f.trust.storage.db.select({ type: logEntries.type }).from(logEntries).where(and(eq(logEntries.context, 'exchange_gateway'), eq(logEntries.subject, f.authority.name)));
  assert.deepEqual(events.map((e) => e.type), ['gateway.identity_created', 'gateway.identity_renewed']);

  // Another process of the same gateway, still on the old generation, takes the stored renewal instead of making a third.
  current = await renewGatewayIdentity(deps(), request, 'operator', current, async () => undefined);
  assert.equal(current.generation, renewed.generation);
  assert.deepEqual(current.tls.der, renewed.tls.der);
  assert.deepEqual(f.gatewayErrors, []);
});
