// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signPaymentWebhook, verifyPaymentWebhook } from './payment-port.ts';

const secret = 'whsec-test-0123456789abcdef';
const now = new Date('2026-11-24T10:00:00Z');
const body = JSON.stringify({ type: 'payment.succeeded', paymentId: 'pay_1', reference: 'ER-2026-000001', amountMinor: 15000, currency: 'EUR' });
const verify = (o: Partial<Parameters<typeof verifyPaymentWebhook>[0]>) =>
  verifyPaymentWebhook({ rawBody: body, signatureHeader: signPaymentWebhook(body, secret, now), secret, now, toleranceSeconds: 300, ...o });

test('a webhook signed with the shared secret is accepted and parsed', () => {
  assert.deepEqual(verify({}), { type: 'payment.succeeded', paymentId: 'pay_1', reference: 'ER-2026-000001', amountMinor: 15000, currency: 'EUR' });
});

test('a webhook whose body was changed after signing is rejected', () => {
  assert.throws(() => verify({ rawBody: body.replace('15000', '15001') }), { code: 'ERR_PAYMENT_WEBHOOK_REJECTED' });
});

test('a webhook signed with another secret is rejected', () => {
  assert.throws(() => verify({ signatureHeader: signPaymentWebhook(body, 'other-secret', now) }), { code: 'ERR_PAYMENT_WEBHOOK_REJECTED' });
});

test('a replayed webhook older than the tolerance is rejected', () => {
  assert.throws(() => verify({ now: new Date(now.getTime() + 301_000) }), { code: 'ERR_PAYMENT_WEBHOOK_REJECTED' });
});

test('a missing or malformed signature header is rejected', () => {
  for (const signatureHeader of ['', 't=abc,v1=00', `t=${now.getTime() / 1000}`, 'v1=' + 'a'.repeat(64)]) {
    assert.throws(() => verify({ signatureHeader }), { code: 'ERR_PAYMENT_WEBHOOK_REJECTED' });
  }
});

test('a correctly signed body that is not a payment event is rejected', () => {
  for (const rawBody of ['not json', '{"type":"payment.stolen","paymentId":"p","reference":"r","amountMinor":1,"currency":"EUR"}', '{"type":"payment.succeeded","paymentId":"p","reference":"r","amountMinor":1.5,"currency":"EUR"}']) {
    assert.throws(() => verify({ rawBody, signatureHeader: signPaymentWebhook(rawBody, secret, now) }), { code: 'ERR_PAYMENT_WEBHOOK_REJECTED' });
  }
});
