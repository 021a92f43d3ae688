// SPDX-License-Identifier: Apache-2.0
import type { ServerResponse } from 'node:http';
import type { ConfigurationClient } from '../registry/configuration-client.ts';

/**
 * What an operator watches on a gateway: `/healthz` (is the global configuration usable, until
 * when) and `/metrics` in the Prometheus text format (messages by side and status, gateway faults
 * by type). Served on the client side only, which is the organisation's internal network.
 */
export class GatewayMetrics {
  readonly #messages = new Map<string, number>();
  readonly #faults = new Map<string, number>();
  readonly #started = Date.now();

  /** Counts the message once its answer is sent, by side and status (and fault type if any). */
  count(side: 'client' | 'provider', res: ServerResponse): void {
    res.once('finish', () => {
      const key = `side="${side}",status="${res.statusCode}"`;
      this.#messages.set(key, (this.#messages.get(key) ?? 0) + 1);
      const fault = res.getHeader('x-road-error');
      if (typeof fault === 'string') this.#faults.set(fault, (this.#faults.get(fault) ?? 0) + 1);
    });
  }

  serve(path: string, res: ServerResponse, configuration: ConfigurationClient): void {
    if (path === '/healthz') {
      try {
        const config = configuration.current();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'ok', configurationSerial: config.serial, configurationExpiresAt: config.expiresAt }));
      } catch (error) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'unavailable', reason: (error as Error).message }));
      }
      return;
    }
    const lines = [
      '# HELP tessera_gateway_messages_total Messages answered, by side and HTTP status.',
      '# TYPE tessera_gateway_messages_total counter',
      ...[...this.#messages].map(([labels, n]) => `tessera_gateway_messages_total{${labels}} ${n}`),
      '# HELP tessera_gateway_faults_total Gateway-made faults, by X-Road fault type.',
      '# TYPE tessera_gateway_faults_total counter',
      ...[...this.#faults].map(([type, n]) => `tessera_gateway_faults_total{type="${type}"} ${n}`),
      '# HELP tessera_gateway_uptime_seconds Seconds since the gateway started.',
      '# TYPE tessera_gateway_uptime_seconds gauge',
      `tessera_gateway_uptime_seconds ${Math.round((Date.now() - this.#started) / 1000)}`,
    ];
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`${lines.join('\n')}\n`);
  }
}
