// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock, openTestStorage, type Storage } from '@tessera/platform';
import { hostedPaymentGateway, verifyPaymentWebhook, type PaymentEvent, type PaymentGateway } from '@tessera/authority';
import { buildPaymentSandbox, paymentSandboxMigrations, type PaymentSandbox } from './index.ts';

const secret = 'sandbox-webhook-secret-for-tests';
const apiKey = 'sandbox-api-key-for-tests';
const clock = new ManualClock('2026-11-24T10:00:00Z');
let storage: Storage;
let sandbox: PaymentSandbox;
let baseUrl: string;
let gateway: PaymentGateway;
let merchant: HttpServer;
let webhookUrl: string;
const received: PaymentEvent[] = [];
let merchantDown = false;

before(async () => {
  storage = await openTestStorage();
  await storage.migrate(paymentSandboxMigrations);
  // The merchant's webhook endpoint, verifying every signature as the authority does.
  merchant = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (merchantDown) return void res.writeHead(503).end();
      try {
        received.push(verifyPaymentWebhook({ rawBody: raw, signatureHeader: String(req.headers['tessera-pay-signature']), secret, now: clock.now(), toleranceSeconds: 300 }));
        res.writeHead(200).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((done) => merchant.listen(0, '127.0.0.1', done));
  webhookUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/webhook`;
  sandbox = await buildPaymentSandbox({ storage, clock, webhookSecret: secret, apiKey, publicUrl: 'http://127.0.0.1/', logLevel: 'silent', cookieSecret: 'c'.repeat(32) });
  baseUrl = await sandbox.listen({ host: '127.0.0.1', port: 0 });
  gateway = hostedPaymentGateway({ baseUrl, apiKey, fetch });
});
after(async () => {
  await sandbox.close();
  merchant.close();
  await storage.close();
});

let n = 0;
const newPayment = () => {
  n++;
  return gateway.createPayment({ reference: `ER-2026-00000${n}`, amountMinor: 15000, currency: 'EUR', description: 'e-Residency state fee', returnUrl: 'https://portal.example/status/abc', webhookUrl, idempotencyKey: `key-${n}-aaaaaaaa` });
};

/** The payer on the hosted page: loads it (CSRF cookie and token); `submit` posts the form, as often as the payer presses. */
async function openHostedPage(redirectUrl: string) {
  const path = new URL(redirectUrl).pathname;
  const pageResponse = await fetch(new URL(path, baseUrl));
  const cookie = pageResponse.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await pageResponse.text())![1]!;
  return {
    submit: (fields: Record<string, string>) =>
      fetch(new URL(path, baseUrl), { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, ...fields }) }),
  };
}
const submitCard = async (redirectUrl: string, fields: Record<string, string>) => (await openHostedPage(redirectUrl)).submit(fields);

test('a payment is created once per idempotency key and sends the payer to the hosted page', async () => {
  const request = { reference: 'ER-2026-777777', amountMinor: 15000, currency: 'EUR', description: 'fee', returnUrl: 'https://portal.example/s', webhookUrl, idempotencyKey: 'same-key-aaaaaaaa' };
  const first = await gateway.createPayment(request);
  const again = await gateway.createPayment(request);
  assert.equal(again.paymentId, first.paymentId);
  assert.match(first.redirectUrl, /\/pay\/pay_/);
  await assert.rejects(gateway.createPayment({ ...request, amountMinor: 1 }), { code: 'ERR_PAYMENT_PROVIDER_UNAVAILABLE', message: /409/ });
});

test('the API refuses a caller without the API key', async () => {
  const bad = hostedPaymentGateway({ baseUrl, apiKey: 'wrong', fetch });
  await assert.rejects(newPaymentWith(bad), { message: /401/ });
});
const newPaymentWith = (g: PaymentGateway) => g.createPayment({ reference: 'x', amountMinor: 1, currency: 'EUR', description: 'x', returnUrl: 'https://a.example/', webhookUrl, idempotencyKey: 'k-aaaaaaaaaaaa' });

test('paying with the test card redirects back and delivers a signed payment.succeeded webhook', async () => {
  const payment = await newPayment();
  const response = await submitCard(payment.redirectUrl, { action: 'pay', cardNumber: '4242 4242 4242 4242', expiry: '12/30', cvc: '123' });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get('location'), 'https://portal.example/status/abc?payment=succeeded');
  assert.deepEqual(received.at(-1), { type: 'payment.succeeded', paymentId: payment.paymentId, reference: `ER-2026-00000${n}`, amountMinor: 15000, currency: 'EUR' });
});

test('a declined card keeps the page open with an error, and a mistyped number is a form error', async () => {
  const payment = await newPayment();
  const declined = await submitCard(payment.redirectUrl, { action: 'pay', cardNumber: '4000 0000 0000 0002' });
  assert.equal(declined.status, 402);
  assert.match(await declined.text(), /declined/);
  const typo = await submitCard(payment.redirectUrl, { action: 'pay', cardNumber: '4242 4242 4242 4241' });
  assert.equal(typo.status, 400);
  assert.match(await typo.text(), /Enter a valid card number/);
  const paid = await submitCard(payment.redirectUrl, { action: 'pay', cardNumber: '4242424242424242' });
  assert.equal(paid.status, 303);
});

test('a payment cannot be paid twice', async () => {
  const payment = await newPayment();
  const page = await openHostedPage(payment.redirectUrl);
  assert.equal((await page.submit({ action: 'pay', cardNumber: '4242424242424242' })).status, 303);
  const again = await page.submit({ action: 'pay', cardNumber: '4242424242424242' });
  assert.equal(again.status, 409);
  assert.equal(received.filter((e) => e.paymentId === payment.paymentId).length, 1, 'one webhook only');
  const closed = await fetch(new URL(new URL(payment.redirectUrl).pathname, baseUrl));
  assert.match(await closed.text(), /no longer open/);
});

test('a refund is idempotent and announced by a refund.succeeded webhook', async () => {
  const payment = await newPayment();
  await submitCard(payment.redirectUrl, { action: 'pay', cardNumber: '4242424242424242' });
  const refund = await gateway.refund({ paymentId: payment.paymentId, amountMinor: 15000, reason: 'rejected', idempotencyKey: `refund-${payment.paymentId}` });
  const again = await gateway.refund({ paymentId: payment.paymentId, amountMinor: 15000, reason: 'rejected', idempotencyKey: `refund-${payment.paymentId}` });
  assert.equal(again.refundId, refund.refundId);
  await sandbox.deliverWebhooks();
  assert.deepEqual(received.filter((e) => e.paymentId === payment.paymentId).map((e) => e.type), ['payment.succeeded', 'refund.succeeded']);
});

test('a webhook the merchant did not accept is retried later', async () => {
  const payment = await newPayment();
  merchantDown = true;
  await submitCard(payment.redirectUrl, { action: 'cancel' });
  merchantDown = false;
  assert.equal(received.some((e) => e.paymentId === payment.paymentId), false);
  assert.equal(await sandbox.deliverWebhooks(), 0, 'not due yet');
  clock.advance(31_000);
  assert.equal(await sandbox.deliverWebhooks(), 1);
  assert.equal(received.at(-1)!.type, 'payment.cancelled');
});
