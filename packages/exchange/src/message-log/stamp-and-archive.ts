// SPDX-License-Identifier: Apache-2.0
// One round of a gateway's log time-stamping, as every deployment runs it: stamp what is pending,
// then keep the stamped batch as an evidence file. The composition root only schedules it.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, Database } from '@tessera/platform';
import { archiveBatch } from './archive-batch.ts';
import { stampPendingBatch, type StampedBatch, type StampOptions } from './message-log.ts';

/** A time-stamping authority reached over HTTP (RFC 3161 §3.4): the DER TimeStampReq posted, the DER TimeStampResp read back. */
export function httpTimeStampAuthority(url: string, fetch: typeof globalThis.fetch): StampOptions['tsa'] {
  return async (requestDer) => new Uint8Array(await (await fetch(url, { method: 'POST', body: new Uint8Array(requestDer), headers: { 'content-type': 'application/timestamp-query' } })).arrayBuffer());
}

export interface StampAndArchiveOptions {
  /** The gateway whose log is stamped, e.g. `TESSERA/GOV/70008747/gw1`. */
  gateway: string;
  tsa: StampOptions['tsa'];
  clock: Clock;
  /** The evidence files go to `<archiveDir>/<gateway with / as _>/`. */
  archiveDir: string;
  /** Most messages one batch covers (default 1000); the rest wait for the next round. */
  maxBatch?: number;
}

/** Stamps the gateway's pending log entries in one batch and archives that batch; nothing when none is pending. */
export async function stampAndArchive(db: Database, options: StampAndArchiveOptions): Promise<StampedBatch | undefined> {
  const batch = await stampPendingBatch(db, { tsa: options.tsa, clock: options.clock, maxBatch: options.maxBatch ?? 1000, gateway: options.gateway });
  if (!batch) return undefined;
  const dir = join(options.archiveDir, options.gateway.replaceAll('/', '_'));
  await mkdir(dir, { recursive: true });
  await archiveBatch(db, batch.batchId, { dir, clock: options.clock });
  return batch;
}
