// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toProblem } from '@tessera/platform';
import { AuthorityCallFailed } from '../domain/centre-errors.ts';
import { exchangeAuthorityLink } from './exchange-authority-link.ts';

// A stand-in for the centre's own gateway, on a real port: it answers as the path says.
let gateway: Server;
let gatewayUrl = '';
before(async () => {
  gateway = createServer((req, res) => {
    if (req.url!.includes('ER-2026-000001')) return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'ERR_CARD_NOT_AT_CENTRE' }));
    if (req.url!.includes('ER-2026-000002')) return void req.socket.destroy();
    if (req.url!.includes('ER-2026-000003')) return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
    res.writeHead(503, { 'x-road-error': 'Server.ServerProxy.ServiceFailed' }).end();
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

const linkTo = (url: string) => exchangeAuthorityLink({
  gatewayUrl: url, authoritySubsystem: 'TESSERA/GOV/70008747/cards', subsystems: { 'seoul-vfs': 'TESSERA/COM/10000001/seoul-centre' }, fetch, pickupInfo: () => ({ address: '', hours: '' }),
});
const identify = (url: string, reference: string) => linkTo(url).identify('seoul-vfs', { reference, dataSubject: 'EE38001010001', operator: 'op-1' });
const failure = (upstreamStatus: number, upstreamCode: string | undefined, status: number) => (error: unknown) => {
  assert.ok(error instanceof AuthorityCallFailed, String(error));
  assert.deepEqual([error.upstreamStatus, error.upstreamCode, error.status], [upstreamStatus, upstreamCode, status]);
  return true;
};

test('the authority\'s refusal keeps its status and code', async () => {
  await assert.rejects(identify(gatewayUrl, 'ER-2026-000001'), failure(404, 'ERR_CARD_NOT_AT_CENTRE', 404));
});

test('a gateway that cannot be reached, or drops the connection before answering, is an authority call failure (502), never an unmapped error', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await assert.rejects(identify(`http://127.0.0.1:${port}`, 'ER-2026-000001'), failure(0, 'ERR_GATEWAY_UNREACHABLE', 502));
  await assert.rejects(identify(gatewayUrl, 'ER-2026-000002'), failure(0, 'ERR_GATEWAY_UNREACHABLE', 502));
  await assert.rejects(identify(gatewayUrl, 'ER-2026-000003'), failure(200, 'ERR_ANSWER_NOT_JSON', 502));
  await assert.rejects(identify(gatewayUrl, 'ER-2026-000004'), failure(503, 'Server.ServerProxy.ServiceFailed', 502));
  // On the wire: the status of a bad gateway, and nothing of the cause.
  const problem = toProblem(new AuthorityCallFailed(0, 'ERR_GATEWAY_UNREACHABLE'));
  assert.equal(problem.status, 502);
  assert.doesNotMatch(JSON.stringify(problem), /ERR_GATEWAY_UNREACHABLE/);
});
