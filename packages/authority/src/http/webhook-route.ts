// SPDX-License-Identifier: Apache-2.0
import type { Server } from '@tessera/platform';
import { verifyPaymentWebhook } from '../payment/payment-port.ts';
import type { AuthorityDeps } from '../store/authority-deps.ts';
import { recordPaymentEvent } from '../store/record-payment-event.ts';

/**
 * Receives the payment provider's signed events. The signature covers the exact bytes sent,
 * so this route keeps the raw body instead of letting the JSON parser normalise it.
 */
export async function registerPaymentWebhook(server: Server, deps: AuthorityDeps, secret: string): Promise<void> {
  await server.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));
    scope.post('/api/v1/payments/webhook', { schema: { hide: true } }, async (request) => {
      const event = verifyPaymentWebhook({
        rawBody: String(request.body),
        signatureHeader: String(request.headers['tessera-pay-signature'] ?? ''),
        secret,
        now: deps.clock.now(),
        toleranceSeconds: 300,
      });
      return recordPaymentEvent(deps, event);
    });
  });
}
