// SPDX-License-Identifier: Apache-2.0
import { join, resolve } from 'node:path';
import { openStorage } from '@tessera/platform';
import { registry, verifyLoggedMessage } from '@tessera/exchange';
import { loadTrustAnchors } from '@tessera/trust';
import type { TesseraConfig } from '../config.ts';
import { gatewayNames } from '../exchange/start-exchange.ts';

/**
 * `tessera exchange verify-log <X-Road-Id>`: proves from the gateways' message logs that the
 * message was sent, by whom (the member's signature chained to a trusted CA), unchanged (body and
 * header hashes, Merkle inclusion) and when (the RFC 3161 time-stamp over its batch).
 * Exit code 0 when every gateway that logged it proves it, 1 otherwise.
 */
export async function exchangeVerifyLogCommand(config: TesseraConfig, messageId: string | undefined, out: NodeJS.WritableStream): Promise<number> {
  if (!messageId) {
    out.write('Usage: tessera exchange verify-log <X-Road-Id>\n');
    return 2;
  }
  const dataDir = resolve(config.dataDir);
  const storage = await openStorage(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  try {
    const latest = await registry.latestGlobalConfiguration(storage.db);
    if (!latest) throw new Error('No global configuration has been published yet.');
    const trustedCaDer = latest.document.trustedCas.map((ca) => new Uint8Array(Buffer.from(ca.certificate, 'base64')));
    const anchors = await loadTrustAnchors(storage.db);
    const tsaTrustedCertificates = [...anchors.roots, ...anchors.intermediates].map((c) => new Uint8Array(c.rawData));
    let found = 0;
    let proven = 0;
    for (const gateway of gatewayNames()) {
      const result = await verifyLoggedMessage(storage.db, messageId, { trustedCaDer, tsaTrustedCertificates, gateway });
      if (result.messages.length === 0) continue;
      found++;
      if (result.ok) proven++;
      out.write(`${gateway}: ${result.ok ? 'proven' : 'NOT proven'}\n`);
      for (const m of result.messages) {
        out.write(`  ${m.direction.padEnd(8)} signed by ${m.signer ?? '?'} at ${m.at}${m.stampedAt ? `, time-stamped ${m.stampedAt instanceof Date ? m.stampedAt.toISOString() : String(m.stampedAt)}` : ''}\n`);
        for (const p of m.problems) out.write(`    problem: ${typeof p === 'string' ? p : JSON.stringify(p)}\n`);
      }
    }
    if (found === 0) out.write(`No gateway logged a message with X-Road-Id ${messageId}.\n`);
    return found > 0 && proven === found ? 0 : 1;
  } finally {
    await storage.close();
  }
}
