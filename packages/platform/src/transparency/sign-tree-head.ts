// SPDX-License-Identifier: Apache-2.0
import type { Database } from '../storage/database.ts';
import type { Clock } from '../time/clock.ts';
import { sequenceLog } from './sequence-log.ts';
import { latestTreeHead, type LogSigningKey, type SignedTreeHead } from './tree-head.ts';

/**
 * Numbers every committed pending entry and signs the tree as it is then (RFC 9162 §4.10 in
 * spirit: size, root and time under the log's key). Signing the same size again returns the
 * head already stored. A running sequencer (`startLogSequencer`) does this on its own; this is
 * for tools, tests and the first head at start-up.
 */
export async function signTreeHead(db: Database, key: LogSigningKey, clock: Clock): Promise<SignedTreeHead> {
  const cache = { tree: null };
  const batchSize = 50_000;
  for (;;) {
    const round = await sequenceLog(db, { clock, key, cache, batchSize, wait: true, signNow: true });
    if (round.sequenced < batchSize) return round.signed ?? (await latestTreeHead(db))!;
  }
}
