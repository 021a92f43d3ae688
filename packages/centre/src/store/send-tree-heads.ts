// SPDX-License-Identifier: Apache-2.0
import { latestTreeHead, proveConsistency } from '@tessera/platform';
import type { CentreDeps } from './centre-deps.ts';

/**
 * Sends the centre's transparency-log head to the authority for one centre, outside any
 * transaction: the authority's latest accepted head is asked first, then the centre's latest
 * signed head goes with the RFC 9162 consistency proof from it, so the authority can check the
 * log only ever grew. Nothing new since the accepted head: nothing is sent. A refusal (a fork
 * the authority found) is thrown to the caller's job, which reports it.
 */
export async function sendTreeHead(deps: Pick<CentreDeps, 'db' | 'authority'>, centre: string): Promise<{ sent: boolean; size: number }> {
  const head = await latestTreeHead(deps.db);
  if (!head || head.size === 0) return { sent: false, size: 0 };
  const accepted = await deps.authority.latestTreeHead(centre);
  const from = accepted?.size ?? 0;
  if (from === head.size && accepted?.rootHash === head.rootHash) return { sent: false, size: head.size };
  // A proof exists only from a smaller head of this log; anything else is the authority's to judge.
  const consistency = from > 0 && from < head.size ? await proveConsistency(deps.db, from, head.size) : [];
  await deps.authority.sendTreeHead(centre, { head, from, consistency });
  return { sent: true, size: head.size };
}
