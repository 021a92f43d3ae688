// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Conflict, expectRow, InvalidTransition, NotFound, ValidationFailed, type Clock, type Database } from '@tessera/platform';
import type { PaymentEvent, PaymentGateway } from '@tessera/authority';
import { payments, refunds, webhooks } from './schema.ts';

export type SandboxPayment = typeof payments.$inferSelect;

/** What a merchant sends to open a payment: the authority's own request, minus the key sent as a header. */
export type NewPayment = Omit<Parameters<PaymentGateway['createPayment']>[0], 'idempotencyKey'>;

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;

/** Creates a payment, or returns the one already created under this Idempotency-Key. */
export async function createPayment(db: Database, clock: Clock, idempotencyKey: string, p: NewPayment): Promise<SandboxPayment> {
  const [existing] = await db.select().from(payments).where(eq(payments.idempotencyKey, idempotencyKey));
  if (existing) {
    if (existing.amountMinor !== p.amountMinor || existing.reference !== p.reference) throw new Conflict('This Idempotency-Key was used for a different payment.');
    return existing;
  }
  const now = clock.now();
  const [row] = await db.insert(payments).values({ id: newId('pay'), idempotencyKey, ...p, status: 'open', createdAt: now, updatedAt: now })
    .onConflictDoNothing().returning();
  // A concurrent retry with the same key won the insert: answer with its payment.
  return row ?? expectRow(await db.select().from(payments).where(eq(payments.idempotencyKey, idempotencyKey)));
}

export async function findPayment(db: Database, id: string): Promise<SandboxPayment> {
  const [row] = await db.select().from(payments).where(eq(payments.id, id));
  if (!row) throw new NotFound('No such payment.');
  return row;
}

/** Card numbers the sandbox knows, as test modes of real providers do; any other valid number is declined. */
export const TEST_CARDS = { succeeds: '4242424242424242', declined: '4000000000000002' } as const;

/**
 * The payer's answer on the hosted page: a card (checked with the Luhn digit) or a cancel.
 * The outcome and its webhook are written in one transaction, so a webhook is never lost.
 */
export async function completePayment(db: Database, clock: Clock, id: string, answer: { cancel: true } | { cardNumber: string }): Promise<SandboxPayment> {
  return db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.id, id)).for('update');
    if (!payment) throw new NotFound('No such payment.');
    if (payment.status !== 'open') throw new InvalidTransition('payment', payment.status, 'pay');
    let status: 'succeeded' | 'failed' | 'cancelled' = 'cancelled';
    let cardLast4: string | null = null;
    if (!('cancel' in answer)) {
      const digits = answer.cardNumber.replace(/[\s-]/g, '');
      if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) {
        throw new ValidationFailed([{ code: 'invalid_card_number', path: 'body/cardNumber', message: 'Enter a valid card number.' }]);
      }
      status = digits === TEST_CARDS.succeeds ? 'succeeded' : 'failed';
      cardLast4 = digits.slice(-4);
    }
    const now = clock.now();
    // A declined card leaves the payment open for another try, as hosted pages do.
    const [updated] = await tx.update(payments).set({ status: status === 'failed' ? 'open' : status, cardLast4, updatedAt: now }).where(eq(payments.id, id)).returning();
    await queueWebhook(tx, now, payment, `payment.${status}`, payment.amountMinor);
    return { ...updated!, status };
  });
}

export async function refundPayment(db: Database, clock: Clock, idempotencyKey: string, paymentId: string, r: { amountMinor: number; reason: string }) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(refunds).where(eq(refunds.idempotencyKey, idempotencyKey));
    if (existing) return { refundId: existing.id, status: 'pending' as const };
    const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for('update');
    if (!payment) throw new NotFound('No such payment.');
    if (payment.status !== 'succeeded') throw new InvalidTransition('payment', payment.status, 'refund');
    if (r.amountMinor > payment.amountMinor) throw new ValidationFailed([{ code: 'amount_too_large', path: 'body/amountMinor', message: 'A refund cannot exceed the payment.' }]);
    const now = clock.now();
    const id = newId('re');
    await tx.insert(refunds).values({ id, idempotencyKey, paymentId, amountMinor: r.amountMinor, reason: r.reason, createdAt: now });
    await tx.update(payments).set({ status: 'refunded', updatedAt: now }).where(eq(payments.id, paymentId));
    await queueWebhook(tx, now, payment, 'refund.succeeded', r.amountMinor);
    return { refundId: id, status: 'pending' as const };
  });
}

async function queueWebhook(db: Database, now: Date, payment: SandboxPayment, type: PaymentEvent['type'], amountMinor: number) {
  await db.insert(webhooks).values(webhookRow(now, payment, type, amountMinor));
}

function webhookRow(now: Date, payment: Pick<SandboxPayment, 'id' | 'reference' | 'currency' | 'webhookUrl'>, type: PaymentEvent['type'], amountMinor: number) {
  const event: PaymentEvent = { type, paymentId: payment.id, reference: payment.reference, amountMinor, currency: payment.currency };
  return { url: payment.webhookUrl, body: JSON.stringify(event), nextAttemptAt: now };
}

/**
 * Payments already made and told to the merchant, many in two statements: what `createPayment`,
 * a payer's test card on the hosted page (`completePayment`) and the delivered webhook leave.
 * For the demo world, whose merchant records the same payments in bulk (`importApplications`).
 */
export async function recordPaidPayments(db: Database, clock: Clock, requests: ReadonlyArray<NewPayment & { idempotencyKey: string }>): Promise<string[]> {
  if (requests.length === 0) return [];
  const now = clock.now();
  const rows = requests.map((r) => ({ id: newId('pay'), ...r, status: 'succeeded' as const, cardLast4: TEST_CARDS.succeeds.slice(-4), createdAt: now, updatedAt: now }));
  await db.insert(payments).values(rows);
  await db.insert(webhooks).values(rows.map((p) => ({ ...webhookRow(now, p, 'payment.succeeded', p.amountMinor), attempts: 1, deliveredAt: now })));
  return rows.map((r) => r.id);
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
