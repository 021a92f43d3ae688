// SPDX-License-Identifier: Apache-2.0
import { timingSafeEqual, createHash } from 'node:crypto';
import Type from 'typebox';
import { negotiateLocale, Unauthenticated, ValidationFailed, type Clock, type Database, type Server } from '@tessera/platform';
import { completePayment, createPayment, findPayment, refundPayment } from './sandbox-payments.ts';
import { hostedPaymentPage } from './hosted-page.ts';

export interface SandboxRouteOptions {
  db: Database;
  clock: Clock;
  apiKey: string;
  publicUrl: string;
  /** Delivers queued webhooks right away, so the merchant hears before the payer is redirected back. */
  flushWebhooks: () => Promise<unknown>;
}

const IdParams = Type.Object({ id: Type.String({ pattern: '^[a-z]+_[A-Za-z0-9_-]{16}$' }) });
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.String({ minLength: 8, maxLength: 200 }) });
const url = Type.String({ format: 'uri', maxLength: 2000 });

export function registerSandboxRoutes(server: Server, o: SandboxRouteOptions): void {
  const keyHash = createHash('sha256').update(o.apiKey).digest();
  const requireApiKey = async (request: { headers: Record<string, unknown> }) => {
    const given = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!timingSafeEqual(createHash('sha256').update(given).digest(), keyHash)) throw new Unauthenticated('A valid API key is required.');
  };

  server.post('/v1/payments', {
    preHandler: requireApiKey,
    schema: {
      headers: IdempotencyHeaders,
      body: Type.Object({
        reference: Type.String({ minLength: 1, maxLength: 100 }),
        amountMinor: Type.Integer({ minimum: 1, maximum: 100_000_00 }),
        currency: Type.String({ pattern: '^[A-Z]{3}$' }),
        description: Type.String({ minLength: 1, maxLength: 200 }),
        returnUrl: url,
        webhookUrl: url,
      }, { additionalProperties: false }),
    },
  }, async (request, reply) => {
    const payment = await createPayment(o.db, o.clock, request.headers['idempotency-key'], request.body);
    return reply.code(201).send({ paymentId: payment.id, status: payment.status, redirectUrl: new URL(`/pay/${payment.id}`, o.publicUrl).toString() });
  });

  server.get('/v1/payments/:id', { preHandler: requireApiKey, schema: { params: IdParams } }, async (request) => {
    const p = await findPayment(o.db, request.params.id);
    return { paymentId: p.id, status: p.status, reference: p.reference, amountMinor: p.amountMinor, currency: p.currency };
  });

  server.post('/v1/payments/:id/refunds', {
    preHandler: requireApiKey,
    schema: {
      params: IdParams,
      headers: IdempotencyHeaders,
      body: Type.Object({ amountMinor: Type.Integer({ minimum: 1 }), reason: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
    },
  }, async (request, reply) => {
    const refund = await refundPayment(o.db, o.clock, request.headers['idempotency-key'], request.params.id, request.body);
    void o.flushWebhooks();
    return reply.code(201).send(refund);
  });

  server.get('/pay/:id', { schema: { params: IdParams, querystring: Type.Object({ lang: Type.Optional(Type.String()) }) } }, async (request, reply) => {
    const payment = await findPayment(o.db, request.params.id);
    const locale = negotiateLocale(request.query.lang, request.headers['accept-language']);
    return reply.type('text/html; charset=utf-8').send(hostedPaymentPage({ payment, locale, csrfToken: reply.generateCsrf(), issues: [], declined: false }).toString());
  });

  server.post('/pay/:id', {
    preHandler: server.csrfProtection,
    schema: {
      params: IdParams,
      body: Type.Object({
        _csrf: Type.String(),
        action: Type.Union([Type.Literal('pay'), Type.Literal('cancel')]),
        cardNumber: Type.Optional(Type.String({ maxLength: 30 })),
        expiry: Type.Optional(Type.String({ maxLength: 10 })),
        cvc: Type.Optional(Type.String({ maxLength: 4 })),
      }),
    },
  }, async (request, reply) => {
    const locale = negotiateLocale(undefined, request.headers['accept-language']);
    let result;
    try {
      result = await completePayment(o.db, o.clock, request.params.id, request.body.action === 'cancel' ? { cancel: true } : { cardNumber: request.body.cardNumber ?? '' });
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      const payment = await findPayment(o.db, request.params.id);
      return reply.code(400).type('text/html; charset=utf-8').send(hostedPaymentPage({ payment, locale, csrfToken: reply.generateCsrf(), issues: error.issues, declined: false }).toString());
    }
    await o.flushWebhooks();
    if (result.status === 'failed') {
      return reply.code(402).type('text/html; charset=utf-8').send(hostedPaymentPage({ payment: { ...result, status: 'open' }, locale, csrfToken: reply.generateCsrf(), issues: [], declined: true }).toString());
    }
    const back = new URL(result.returnUrl);
    back.searchParams.set('payment', result.status);
    return reply.redirect(back.toString(), 303);
  });
}
