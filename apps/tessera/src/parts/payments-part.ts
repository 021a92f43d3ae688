// SPDX-License-Identifier: Apache-2.0
import { buildPaymentSandbox } from '../payment-sandbox/index.ts';
import { paymentsUrlOf } from './urls.ts';
import type { Part } from './part.ts';

/** The payment provider's sandbox, standing for a party outside the state's systems. */
export const paymentsPart: Part = {
  summary: 'payment provider sandbox (hosted card page, API, signed webhooks)',
  settings: ['cookieSecret', 'paymentWebhookSecret', 'paymentApiKey'],
  async start({ config, serve, storage, clock }) {
    const sandbox = await buildPaymentSandbox({
      storage, clock, webhookSecret: config.paymentWebhookSecret, apiKey: config.paymentApiKey, publicUrl: paymentsUrlOf(config, serve), logLevel: config.logLevel, cookieSecret: config.cookieSecret,
    });
    const url = await sandbox.listen({ host: config.host, port: config.paymentPort });
    return { urls: { payments: url }, close: () => sandbox.close() };
  },
};
