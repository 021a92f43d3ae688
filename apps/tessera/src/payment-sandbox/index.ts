// SPDX-License-Identifier: Apache-2.0
import { buildServer, registerUiAssets, renderProblemPage, negotiateLocale, type Clock, type ContextMigrations, type Server, type Storage } from '@tessera/platform';
import { completePayment } from './sandbox-payments.ts';
import { registerSandboxRoutes } from './sandbox-routes.ts';
import { deliverWebhooks } from './webhook-delivery.ts';

export const paymentSandboxMigrations: ContextMigrations = { context: 'payment_sandbox', folder: new URL('./migrations', import.meta.url).pathname };
export { TEST_CARDS, luhnValid } from './sandbox-payments.ts';

export interface PaymentSandboxOptions {
  storage: Storage;
  clock: Clock;
  webhookSecret: string;
  apiKey: string;
  publicUrl: string;
  logLevel?: string;
  cookieSecret: string;
  /** A webhook delivery run that failed (the provider keeps retrying). */
  onError?: (error: unknown) => void;
}

export interface PaymentSandbox {
  server: Server;
  listen(o: { host: string; port: number }): Promise<string>;
  /** Pays with the sandbox's succeeding test card, as a payer on the hosted page would; for loading the demo world. */
  payAsApplicant(redirectUrl: string): Promise<void>;
  deliverWebhooks(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The built-in payment provider: behaves like a real hosted payment page (API with API key and
 * idempotency keys, card page, redirect back, signed webhooks with retries, refunds). It stands
 * for a party outside the state's systems and runs on its own port.
 */
export async function buildPaymentSandbox(o: PaymentSandboxOptions): Promise<PaymentSandbox> {
  const server = await buildServer({
    title: 'Tessera Pay sandbox',
    cookieSecret: o.cookieSecret,
    ...(o.logLevel ? { logLevel: o.logLevel } : {}),
    storage: o.storage,
    htmlErrorPage: (problem, request) => renderProblemPage(problem, negotiateLocale(undefined, request.headers['accept-language']), 'Tessera Pay'),
  });
  registerUiAssets(server);
  const deliver = () => deliverWebhooks({ db: o.storage.db, clock: o.clock, secret: o.webhookSecret, fetch });
  // One delivery run at a time, so the page's flush and the timer never send a webhook twice.
  let running: Promise<number> | null = null;
  const flush = () => (running ??= deliver().finally(() => (running = null)));
  registerSandboxRoutes(server, { db: o.storage.db, clock: o.clock, apiKey: o.apiKey, publicUrl: o.publicUrl, flushWebhooks: flush });
  const timer = setInterval(() => void flush().catch((error: unknown) => o.onError?.(error)), 5_000);
  timer.unref();
  return {
    server,
    listen: (l) => server.listen(l),
    async payAsApplicant(redirectUrl) {
      const id = new URL(redirectUrl).pathname.split('/').pop()!;
      await completePayment(o.storage.db, o.clock, id, { cardNumber: '4242 4242 4242 4242' });
      await flush();
    },
    deliverWebhooks: flush,
    async close() {
      clearInterval(timer);
      await running;
      await server.close();
    },
  };
}
