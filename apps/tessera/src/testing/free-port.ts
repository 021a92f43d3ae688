// SPDX-License-Identifier: Apache-2.0
import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * A free port for a server that needs its URL before it listens (the federation writes its
 * addresses into certificates first). Chosen below Linux's ephemeral range (32768–60999): a port
 * the OS hands out for `listen(0)` or an outgoing connection is drawn from that range, so another
 * test file's servers and clients cannot take this one in the seconds before it is used. A port
 * handed out by `listen(0)` itself could, which once failed a start in parallel runs.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = randomInt(20_000, 32_000);
    try {
      await probe(port);
      return port;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt >= 50) throw error;
    }
  }
}

function probe(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** Every port `tessera start` listens on, each free, as the environment variables that set them. */
export async function federationPorts(): Promise<Record<string, string>> {
  const names = ['TESSERA_PORT', 'TESSERA_PAYMENT_PORT', 'TESSERA_TRUST_PORT', 'TESSERA_CENTRE_PORT', 'TESSERA_CREDENTIALS_PORT'];
  const ports: Record<string, string> = {};
  for (const name of names) ports[name] = String(await freePort());
  return ports;
}
