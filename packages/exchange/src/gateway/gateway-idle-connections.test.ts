// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import 'reflect-metadata';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { openExchangeFixture, type ExchangeFixture } from '../testing/exchange-fixture.ts';

const IDLE_MS = 1000;
let f: ExchangeFixture;
/** Every connection the authority's provider side accepted, and whether it has closed. */
const accepted: Array<{ closed: boolean }> = [];
let providerPort = 0;
const onServerSocket = (message: unknown) => {
  const socket = (message as { socket: Socket }).socket;
  if (socket.localPort !== providerPort) return;
  const seen = { closed: false };
  accepted.push(seen);
  socket.once('close', () => void (seen.closed = true));
};

before(async () => {
  f = await openExchangeFixture({ idleConnectionMs: IDLE_MS });
  providerPort = Number(new URL(f.authority.gateway.providerUrl).port);
  subscribe('net.server.socket', onServerSocket);
});
after(async () => {
  unsubscribe('net.server.socket', onServerSocket);
  await f.close();
});

const call = () => fetch(`${f.centre.gateway.clientUrl}/r1/TESSERA/GOV/70000001/cards/card-manifest/manifests/2026-11`, { headers: { 'X-Road-Client': 'TESSERA/COM/10000001/handover' } });

test('a pooled connection to another gateway is closed by the gateway that reuses it, before the provider would, so no request is sent on a connection being closed', async () => {
  assert.equal((await call()).status, 200);
  assert.ok(accepted.length >= 1, 'the call reached the provider side over a connection it accepted');
  // Past the client's idle time, short of the provider's (three times as long): closed now, it was the client that closed it.
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 2));
  assert.deepEqual(accepted.map((c) => c.closed), accepted.map(() => true), 'the client side closed every idle connection before the provider would have');
  // And the next call simply opens a new connection.
  assert.equal((await call()).status, 200);
});
