// SPDX-License-Identifier: Apache-2.0
// One exchange gateway in a process of its own, for `npm run bench exchange-gateway-processes`:
// started by bench/exchange-gateways.ts over IPC, with its own storage (in-memory PGlite, or a
// throwaway database on DATABASE_URL), as `tessera serve gateway` runs one in production.
import 'reflect-metadata';
import { systemClock } from '@tessera/platform';
import { startGateway, type RunningGateway } from '../packages/exchange/src/gateway/gateway.ts';
import type { GatewayOptions } from '../packages/exchange/src/gateway/gateway-options.ts';
import { trackerMigrations } from '../packages/exchange/src/data-tracker/migrations.ts';
import { messageLogMigrations } from '../packages/exchange/src/message-log/migrations.ts';
import { createConfigurationClient } from '../packages/exchange/src/registry/configuration-client.ts';
import { openBenchStorage } from './bench-storage.ts';

/** What the bench sends to start the gateway; keys as PKCS#8/PEM since CryptoKeys do not cross processes. */
export interface GatewayProcessStart {
  type: 'start';
  instance: string;
  id: GatewayOptions['id'];
  tls: { key: string; cert: string };
  /** PKCS#8 of the signing key and DER of its certificate, base64. */
  signingKey: string;
  signingCertificate: string;
  configurationUrl: string;
  registryPublicKey: JsonWebKey;
  /** Where the certificates' http://pki.tessera.test OCSP addresses are served. */
  pkiBaseUrl: string;
  services: GatewayOptions['services'];
  limits: GatewayOptions['limits'];
  providerPort: number;
}

export type GatewayProcessMessage =
  | { type: 'ready'; clientUrl: string; providerUrl: string }
  | { type: 'cpu'; ms: number }
  | { type: 'failed'; error: string };

const send = (message: GatewayProcessMessage) => process.send!(message);
let gateway: RunningGateway | undefined;
let close: (() => Promise<void>) | undefined;

process.on('message', (message: GatewayProcessStart | { type: 'cpu' } | { type: 'close' }) => {
  if (message.type === 'start') void start(message).catch((error: unknown) => send({ type: 'failed', error: error instanceof Error ? error.stack ?? error.message : String(error) }));
  // CPU of the whole process (every thread), so the bench can charge the gateways' work per message.
  if (message.type === 'cpu') {
    const used = process.cpuUsage();
    send({ type: 'cpu', ms: (used.user + used.system) / 1000 });
  }
  if (message.type === 'close') void (close?.() ?? Promise.resolve()).finally(() => process.exit(0));
});

async function start(o: GatewayProcessStart): Promise<void> {
  const storage = await openBenchStorage({ poolSize: 8 });
  for (const m of [messageLogMigrations, trackerMigrations]) await storage.migrate(m);
  const publicKey = await crypto.subtle.importKey('jwk', o.registryPublicKey, { name: 'Ed25519' }, true, ['verify']);
  const configuration = createConfigurationClient({ fetch, url: o.configurationUrl, publicKey, instance: o.instance, clock: systemClock });
  const refreshed = await configuration.refresh();
  if (!refreshed.ok) throw new Error(`global configuration refused: ${refreshed.error}`);
  const timer = setInterval(() => void configuration.refresh(), 60_000);
  const privateKey = await crypto.subtle.importKey('pkcs8', Buffer.from(o.signingKey, 'base64'), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const relyingFetch: typeof fetch = (input, init) => fetch(String(input).replace('http://pki.tessera.test', o.pkiBaseUrl), init);
  gateway = await startGateway({
    instance: o.instance, id: o.id, configuration, tls: o.tls, signing: { privateKey, certificateDer: new Uint8Array(Buffer.from(o.signingCertificate, 'base64')) },
    db: storage.db, clock: systemClock, fetch: relyingFetch, services: o.services, limits: o.limits,
    logger: { error: (details: object, message: string) => process.stderr.write(`gateway error: ${message} ${JSON.stringify(details)}\n`) },
  }, { host: '127.0.0.1', clientPort: 0, providerPort: o.providerPort });
  close = async () => {
    clearInterval(timer);
    await gateway?.close();
    await storage.close();
  };
  send({ type: 'ready', clientUrl: gateway.clientUrl, providerUrl: gateway.providerUrl });
}
