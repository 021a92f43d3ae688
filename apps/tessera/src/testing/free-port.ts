// SPDX-License-Identifier: Apache-2.0
import { createServer } from 'node:net';

/** A port the OS just handed out; the federation needs its URLs before its servers listen. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
