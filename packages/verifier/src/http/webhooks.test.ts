// SPDX-License-Identifier: Apache-2.0
// A relying party's own system over the REST API: it opens a request from a template and is told
// the outcome by a signed webhook from the verifier's outbox. Its webhook receiver is a party
// outside the system, so a plain HTTP server stands in for it here, de-duplicating on the
// delivery id as a receiver should.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import { buildServer } from '@tessera/platform';
import { openVerifierFixture, BANK, type VerifierFixture } from '../testing/verifier-fixture.ts';
import { registerRelyingParty } from '../store/register-relying-party.ts';
import { templateRegistration } from '../domain/templates/verification-templates.ts';
import { receiveResponse } from '../store/receive-response.ts';
import { webhookDeliveries } from '../store/schema.ts';
import type { VerifierDeps } from '../store/verifier-deps.ts';
import { deliverWebhooks, startWebhookDelivery, webhookSignature } from '../store/webhook-outbox.ts';
import { registerVerifier } from './register-verifier.ts';

interface Hook { body: string; signature: string; delivery: string }

describe('REST API and signed webhooks from the outbox', { timeout: 120_000 }, () => {
  let f: VerifierFixture;
  let receiver: HttpServer;
  let verifierUrl: string;
  let deps: VerifierDeps;
  let close: () => Promise<void>;
  let delivery: ReturnType<typeof startWebhookDelivery>;
  let keys: { apiKey: string; webhookSecret: string };
  /** Every POST the receiver took, and the notifications it acted on (once per delivery id). */
  const received: Hook[] = [];
  const actedOn = new Map<string, Hook>();
  /** While down, the receiver drops the connection without answering. */
  let down = false;
  let arrived: (() => void) | undefined;
  let failed: ((e: unknown) => void) | undefined;

  before(async () => {
    receiver = createServer((request, response) => {
      if (down) return void request.socket.destroy();
      let body = '';
      request.on('data', (c) => (body += c));
      request.on('end', () => {
        const hook = { body, signature: String(request.headers['tessera-signature']), delivery: String(request.headers['tessera-delivery']) };
        received.push(hook);
        if (!actedOn.has(hook.delivery)) actedOn.set(hook.delivery, hook);
        response.writeHead(204).end();
        arrived?.();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    f = await openVerifierFixture({ register: [] });
    const server = await buildServer({ title: 'verifier test', cookieSecret: 'c'.repeat(32), logLevel: 'silent' });
    deps = { ...f.deps, baseUrl: '' };
    // The interval is an hour: in these tests a webhook leaves only when nudged or delivered by hand.
    delivery = startWebhookDelivery({ db: deps.db, clock: deps.clock, fetch, intervalMs: 3_600_000, onError: (e) => failed?.(e) });
    await registerVerifier(server, deps, { onOutcome: () => delivery.nudge() });
    verifierUrl = (await server.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
    deps.baseUrl = verifierUrl;
    close = () => server.close();
    const port = (receiver.address() as { port: number }).port;
    keys = await registerRelyingParty(deps, { ...BANK, claims: templateRegistration(['age-over-19'], deps.vctBase), webhookUrl: `http://127.0.0.1:${port}/hooks/tessera` }, 'admin-1');
  });
  beforeEach(() => {
    down = false;
    received.length = 0;
    actedOn.clear();
  });
  after(async () => {
    await delivery?.stop();
    await close?.();
    receiver?.close();
    await f?.close();
  });

  const open = async () => {
    const created = await fetch(`${verifierUrl}/api/verifier/requests`, { method: 'POST', headers: { authorization: `Bearer ${keys.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ template: 'age-over-19', response_mode: 'direct_post' }) });
    assert.equal(created.status, 201);
    const { id } = await created.json() as { id: string };
    const request = decodeJwt(await (await fetch(`${verifierUrl}/oid4vp/requests/${id}`)).text()) as { nonce: string; state: string; client_id: string; dcql_query: { credentials: Array<{ id: string; claims: Array<{ path: string[]; values?: unknown[] }> }> } };
    const presentation = await f.present(await f.credential('kr.mois.public-worker-id'), { disclose: ['family_name', 'given_name', 'age_over_19'], nonce: request.nonce, aud: request.client_id });
    return { id, request, body: { vp_token: JSON.stringify({ age: [presentation] }), state: request.state } };
  };
  const pending = (requestId: string) => deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.requestId, requestId));

  it('opens a request from a template, and the outcome arrives signed with the webhook secret, naming its delivery', async () => {
    const { id, request, body: answerBody } = await open();
    assert.deepEqual(request.dcql_query.credentials[0]!.claims.map((c) => c.path[0]), ['family_name', 'given_name', 'age_over_19']);
    assert.deepEqual(request.dcql_query.credentials[0]!.claims[2]!.values, [true]);
    const came = new Promise<void>((resolve, reject) => {
      arrived = resolve;
      failed = reject;
    });
    const answer = await fetch(`${verifierUrl}/oid4vp/responses/${id}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(answerBody).toString() });
    assert.equal(answer.status, 200);
    await came;
    const [hook] = received;
    const body = JSON.parse(hook!.body) as { type: string; delivery_id: string; request_id: string; answers: Array<{ claims: Record<string, unknown> }> };
    assert.deepEqual([body.type, body.request_id, body.answers[0]!.claims.age_over_19], ['presentation.verified', id, true]);
    assert.equal(body.delivery_id, hook!.delivery, 'the signed body names the delivery the header names');
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(hook!.signature)!;
    assert.equal(v1, createHmac('sha256', keys.webhookSecret).update(`${t}.${hook!.body}`).digest('hex'));
    assert.notEqual(webhookSignature('whsec_other', hook!.body, new Date(Number(t) * 1000)), hook!.signature);
    await delivery.stop();
    const [row] = await pending(id);
    assert.ok(row!.deliveredAt, 'the outbox records the delivery');
  });

  it('a receiver down at first gets the webhook later, with the same delivery id, after backoff', async () => {
    const { id, body } = await open();
    down = true;
    await receiveResponse(deps, id, body);
    assert.deepEqual(await deliverWebhooks({ db: deps.db, clock: deps.clock, fetch }), { delivered: 0, failed: 1 });
    const [failed] = await pending(id);
    assert.equal(failed!.attempts, 1);
    assert.ok(failed!.lastError && !failed!.deliveredAt && !failed!.failedAt);
    assert.ok(failed!.nextAttemptAt > deps.clock.now(), 'a retry waits for its backoff');
    down = false;
    assert.deepEqual(await deliverWebhooks({ db: deps.db, clock: deps.clock, fetch }), { delivered: 0, failed: 0 }, 'nothing is due before the backoff ends');
    f.issuer.trust.clock.advance(31_000);
    assert.deepEqual(await deliverWebhooks({ db: deps.db, clock: deps.clock, fetch }), { delivered: 1, failed: 0 });
    assert.equal(received.length, 1);
    const hook = JSON.parse(received[0]!.body) as { request_id: string; delivery_id: string };
    assert.deepEqual([hook.request_id, hook.delivery_id], [id, failed!.id]);
  });

  it('a crash between commit and delivery loses nothing: the committed outcome’s webhook is in the outbox for the next process', async () => {
    const { id, body } = await open();
    // The outcome commits and the process dies before anything is sent: no nudge, no delivery.
    const outcome = await receiveResponse(deps, id, body);
    assert.equal(outcome.status, 'verified');
    const [queued] = await pending(id);
    assert.ok(queued && !queued.deliveredAt && queued.attempts === 0);
    // The next process's deliverer claims it and dies mid-send (its fetch never returns)...
    let sent!: () => void;
    const stuck = new Promise<void>((resolve) => (sent = resolve));
    void deliverWebhooks({ db: deps.db, clock: deps.clock, fetch: async () => (sent(), new Promise<never>(() => {})) });
    await stuck;
    assert.deepEqual(await deliverWebhooks({ db: deps.db, clock: deps.clock, fetch }), { delivered: 0, failed: 0 }, 'a claimed delivery is not sent twice at once');
    // ...and one more takes it when the lease ends.
    f.issuer.trust.clock.advance(61_000);
    assert.deepEqual(await deliverWebhooks({ db: deps.db, clock: deps.clock, fetch }), { delivered: 1, failed: 0 });
    assert.equal(actedOn.size, 1);
    assert.equal(JSON.parse([...actedOn.values()][0]!.body).request_id, id);
  });

  it('a delivery sent twice is acted on once by a receiver keyed on the delivery id', async () => {
    const { id, body } = await open();
    await receiveResponse(deps, id, body);
    // A process that sent it but died before recording so (the receiver answered; the outbox never heard).
    const [row] = await pending(id);
    const lost = await deliverWebhooks({ db: deps.db, clock: deps.clock, fetch: async (url, init) => {
      await fetch(url, init);
      throw new Error('connection reset after the answer');
    } });
    assert.deepEqual(lost, { delivered: 0, failed: 1 });
    f.issuer.trust.clock.advance(31_000);
    assert.deepEqual(await deliverWebhooks({ db: deps.db, clock: deps.clock, fetch }), { delivered: 1, failed: 0 });
    assert.equal(received.length, 2);
    assert.deepEqual(received.map((h) => h.delivery), [row!.id, row!.id]);
    assert.equal(actedOn.size, 1);
  });

  it('a refusal is queued and delivered too', async () => {
    const { id, body } = await open();
    const outcome = await receiveResponse(deps, id, { ...body, vp_token: JSON.stringify({ age: ['not-a-presentation'] }) });
    assert.equal(outcome.status, 'refused');
    assert.deepEqual(await deliverWebhooks({ db: deps.db, clock: deps.clock, fetch }), { delivered: 1, failed: 0 });
    assert.deepEqual(JSON.parse(received[0]!.body).type, 'presentation.refused');
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
