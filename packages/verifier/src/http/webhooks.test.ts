// SPDX-License-Identifier: Apache-2.0
// A relying party's own system over the REST API: it opens a request from a template and is told
// the outcome by a signed webhook. Its webhook receiver is a party outside the system, so a plain
// HTTP server stands in for it here.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { buildServer } from '@tessera/platform';
import { openVerifierFixture, BANK, type VerifierFixture } from '../testing/verifier-fixture.ts';
import { registerRelyingParty } from '../store/register-relying-party.ts';
import { templateRegistration } from '../domain/templates/verification-templates.ts';
import { findRelyingParty } from '../store/relying-party-identity.ts';
import type { VerifierDeps } from '../store/verifier-deps.ts';
import { registerVerifier } from './register-verifier.ts';
import { webhookSender, webhookSignature } from './webhook-sender.ts';

describe('REST API and signed webhooks', { timeout: 120_000 }, () => {
  let f: VerifierFixture;
  let receiver: HttpServer;
  let verifierUrl: string;
  let deps: VerifierDeps;
  let close: () => Promise<void>;
  let keys: { apiKey: string; webhookSecret: string };
  const received: Array<{ body: string; signature: string }> = [];
  let delivered: (() => void) | undefined;

  before(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (c) => (body += c));
      request.on('end', () => {
        received.push({ body, signature: String(request.headers['tessera-signature']) });
        response.writeHead(204).end();
        delivered?.();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    f = await openVerifierFixture({ register: [] });
    const server = await buildServer({ title: 'verifier test', cookieSecret: 'c'.repeat(32), logLevel: 'silent' });
    deps = { ...f.deps, baseUrl: '' };
    const send = webhookSender({ clock: f.deps.clock, fetch, onError: (e) => assert.fail(String(e)), retryDelaysMs: [10] });
    await registerVerifier(server, deps, { onOutcome: (o) => void findRelyingParty(deps, o.relyingPartyId).then((rp) => send({ url: rp.webhookUrl!, secret: rp.webhookSecret! }, o)) });
    verifierUrl = (await server.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
    deps.baseUrl = verifierUrl;
    close = () => server.close();
    const port = (receiver.address() as { port: number }).port;
    keys = await registerRelyingParty(deps, { ...BANK, claims: templateRegistration(['age-over-19'], deps.vctBase), webhookUrl: `http://127.0.0.1:${port}/hooks/tessera` }, 'admin-1');
  });
  after(async () => {
    await close?.();
    receiver?.close();
    await f?.close();
  });

  it('opens a request from a template, and the outcome arrives signed with the webhook secret', async () => {
    const created = await fetch(`${verifierUrl}/api/verifier/requests`, { method: 'POST', headers: { authorization: `Bearer ${keys.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ template: 'age-over-19', response_mode: 'direct_post' }) });
    assert.equal(created.status, 201);
    const { id } = await created.json() as { id: string };
    const request = decodeJwt(await (await fetch(`${verifierUrl}/oid4vp/requests/${id}`)).text()) as { nonce: string; state: string; client_id: string; dcql_query: { credentials: Array<{ id: string; claims: Array<{ path: string[]; values?: unknown[] }> }> } };
    assert.deepEqual(request.dcql_query.credentials[0]!.claims.map((c) => c.path[0]), ['family_name', 'given_name', 'age_over_19']);
    assert.deepEqual(request.dcql_query.credentials[0]!.claims[2]!.values, [true]);
    const presentation = await f.present(await f.credential('kr.mois.public-worker-id'), { disclose: ['family_name', 'given_name', 'age_over_19'], nonce: request.nonce, aud: request.client_id });
    const arrived = new Promise<void>((resolve) => (delivered = resolve));
    const answer = await fetch(`${verifierUrl}/oid4vp/responses/${id}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ vp_token: JSON.stringify({ age: [presentation] }), state: request.state }).toString() });
    assert.equal(answer.status, 200);
    await arrived;
    const [hook] = received;
    const body = JSON.parse(hook!.body) as { type: string; request_id: string; answers: Array<{ claims: Record<string, unknown> }> };
    assert.deepEqual([body.type, body.request_id, body.answers[0]!.claims.age_over_19], ['presentation.verified', id, true]);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(hook!.signature)!;
    assert.equal(v1, createHmac('sha256', keys.webhookSecret).update(`${t}.${hook!.body}`).digest('hex'));
    assert.notEqual(webhookSignature('whsec_other', hook!.body, new Date(Number(t) * 1000)), hook!.signature);
  });

  it('refuses an unknown template as a problem document', async () => {
    const res = await fetch(`${verifierUrl}/api/verifier/requests`, { method: 'POST', headers: { authorization: `Bearer ${keys.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ template: 'open-a-casino' }) });
    assert.equal(res.status, 400);
    assert.equal((await res.json() as { code: string }).code, 'ERR_VALIDATION');
  });

  it('refuses a template outside the relying party’s registration', async () => {
    const res = await fetch(`${verifierUrl}/api/verifier/requests`, { method: 'POST', headers: { authorization: `Bearer ${keys.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ template: 'household-register' }) });
    assert.equal(res.status, 400);
    assert.equal((await res.json() as { code: string }).code, 'ERR_CLAIM_NOT_REGISTERED');
  });
});
