// SPDX-License-Identifier: Apache-2.0
import { and, desc, eq } from 'drizzle-orm';
import { appendEvent, NotFound, verifyConsistency, verifyTreeHeadSignature, type SignedTreeHead } from '@tessera/platform';
import type { AuthorityDeps } from './authority-deps.ts';
import { checkLogClaims, type CentreInclusion } from './centre-log-claims.ts';
import { centreSlaOf } from '../domain/oversight/centre-alerts.ts';
import { CentreLogForked, CentreLogKeyUnknown, CentreTreeHeadSignatureInvalid, TreeHeadBaseMismatch } from '../domain/authority-errors.ts';
import { centreLogAlerts, centreTreeHeads, partnerCentres } from './schema.ts';

/** What a centre sends: its log's latest signed tree head and a consistency proof from the head the authority accepted last. */
export interface CentreTreeHeadSubmission {
  head: SignedTreeHead;
  /** The size of the head the proof starts from: the one the authority accepted last (0 before the first). */
  from: number;
  /** RFC 9162 §2.1.4 consistency proof from `from` to `head.size`, base64 hashes. */
  consistency: readonly string[];
  /** Inclusion proofs in `head` for the entries the authority listed as pending (see `pendingLogClaims`). */
  inclusions?: readonly CentreInclusion[];
}

type AlertCode = (typeof centreLogAlerts.$inferInsert)['code'];

const hash = (base64: string) => Buffer.from(base64, 'base64');
const isHash = (base64: string) => /^[A-Za-z0-9+/]{43}=$/.test(base64);

/** The head the authority accepted last from this centre in the run of heads checked now (see `partnerCentres.logEpoch`), or null before the first. */
export async function latestCentreTreeHead(deps: Pick<AuthorityDeps, 'db'>, location: string) {
  const [row] = await deps.db.select({ head: centreTreeHeads }).from(centreTreeHeads)
    .innerJoin(partnerCentres, and(eq(partnerCentres.location, centreTreeHeads.location), eq(partnerCentres.logEpoch, centreTreeHeads.epoch)))
    .where(eq(centreTreeHeads.location, location)).orderBy(desc(centreTreeHeads.size)).limit(1);
  return row?.head ?? null;
}

/**
 * Checks a centre's signed tree head and keeps it. Rules, each failing closed:
 * - the head is signed by the log key registered for the centre (none registered: refused);
 * - the proof starts from the head accepted last (else refused with that size, nothing flagged);
 * - a head of the same size has the same root, a larger one is proven consistent with it
 *   (RFC 9162 §2.1.4.2), a smaller one is a rollback.
 * A head that fails the signature or the consistency check is refused and raises an alert: a row
 * the oversight shows and a `centre.log_check_failed` event in the authority's log, committed
 * before the refusal is answered. An accepted head is kept with a `centre.tree_head_accepted` event.
 */
export async function acceptCentreTreeHead(deps: Pick<AuthorityDeps, 'db' | 'clock'>, location: string, submission: CentreTreeHeadSubmission): Promise<{ accepted: number; rootHash: string; included: number; missing: number }> {
  const { head } = submission;
  const [centre] = await deps.db.select().from(partnerCentres).where(eq(partnerCentres.location, location));
  if (!centre) throw new NotFound('No partner centre has this code.');
  if (!centre.logKey) throw new CentreLogKeyUnknown('No transparency-log key is registered for this centre.');
  const alert = async (code: AlertCode, acceptedSize: number) => {
    const at = deps.clock.now();
    const detail = { size: head.size, rootHash: head.rootHash, timestamp: head.timestamp, acceptedSize };
    await deps.db.transaction(async (tx) => {
      await tx.insert(centreLogAlerts).values({ location, at, code, detail });
      await appendEvent(tx, { context: 'authority', type: 'centre.log_check_failed', subject: location, actor: 'system', at, data: { code, ...detail } });
    });
  };
  const importKey = async (jwk: Record<string, unknown>) => {
    try {
      return await crypto.subtle.importKey('jwk', jwk, { name: 'Ed25519' }, false, ['verify']);
    } catch {
      throw new CentreLogKeyUnknown('The registered log key of this centre is not an Ed25519 public key.');
    }
  };
  const verifies = async (jwk: Record<string, unknown>) => verifyTreeHeadSignature(head, await importKey(jwk)).then(() => true, () => false);
  // The pinned key; while a rotation is under way also the retiring one, until a head signed with the new key is accepted.
  const signedByPinned = isHash(head.rootHash) && (await verifies(centre.logKey));
  if (!signedByPinned && !(isHash(head.rootHash) && centre.retiringLogKey && (await verifies(centre.retiringLogKey)))) {
    await alert('signature_invalid', (await latestCentreTreeHead(deps, location))?.size ?? 0);
    throw new CentreTreeHeadSignatureInvalid();
  }
  type Outcome = { accepted: number; rootHash: string; included: number; missing: number } | { failure: AlertCode; acceptedSize: number };
  // The grace the centre's overseer set (or the default) before an unproven action counts as missing from its log.
  const graceMs = centreSlaOf(centre.sla).inclusionGraceMinutes * 60_000;
  const claims = (tx: typeof deps.db, size: number) => checkLogClaims(tx, deps.clock, location, { ...head, size }, submission.inclusions ?? [], graceMs);
  return deps.db.transaction(async (tx): Promise<Outcome> => {
    // One check at a time per centre: the head accepted last cannot change under this one.
    const [locked] = await tx.select({ logKey: partnerCentres.logKey, logEpoch: partnerCentres.logEpoch }).from(partnerCentres).where(eq(partnerCentres.location, location)).for('update');
    // A reset approved since the signature was checked: the head was checked against a key no longer pinned.
    if (locked?.logKey?.x !== centre.logKey?.x) throw new CentreTreeHeadSignatureInvalid();
    const epoch = locked!.logEpoch;
    // Only the current run of heads: after a reset of a lost key the first head starts a new one, unproven against the heads before.
    const [last] = await tx.select().from(centreTreeHeads).where(and(eq(centreTreeHeads.location, location), eq(centreTreeHeads.epoch, epoch))).orderBy(desc(centreTreeHeads.size)).limit(1);
    const acceptedSize = last?.size ?? 0;
    let failure: AlertCode | null = null;
    if (last && head.size < last.size) failure = 'rollback';
    else if (last && head.size === last.size) {
      if (head.rootHash !== last.rootHash) failure = 'fork';
      else return { accepted: last.size, rootHash: last.rootHash, ...(await claims(tx, last.size)) };
    } else {
      if (submission.from !== acceptedSize) throw new TreeHeadBaseMismatch(acceptedSize);
      const consistent = !last || (submission.consistency.every(isHash) && verifyConsistency(last.size, head.size, hash(last.rootHash), hash(head.rootHash), submission.consistency.map(hash)));
      if (!consistent) failure = 'inconsistent';
    }
    if (failure) return { failure, acceptedSize };
    const at = deps.clock.now();
    // The first head under the new key ends the retiring key's acceptance.
    if (signedByPinned && centre.retiringLogKey) await tx.update(partnerCentres).set({ retiringLogKey: null }).where(eq(partnerCentres.location, location));
    await tx.insert(centreTreeHeads).values({ location, epoch, size: head.size, rootHash: head.rootHash, timestamp: new Date(head.timestamp), signature: head.signature, receivedAt: at });
    await appendEvent(tx, { context: 'authority', type: 'centre.tree_head_accepted', subject: location, actor: 'system', at, data: { size: head.size, rootHash: head.rootHash, timestamp: head.timestamp, from: acceptedSize, ...(epoch > 0 ? { epoch } : {}) } });
    return { accepted: head.size, rootHash: head.rootHash, ...(await claims(tx, head.size)) };
  }).then(async (result) => {
    if ('accepted' in result) return result;
    await alert(result.failure, result.acceptedSize);
    throw new CentreLogForked(result.failure === 'rollback'
      ? 'The centre’s log is smaller than the head accepted before: its history was rewritten.'
      : 'The centre’s tree head is not an extension of the head accepted before: a fork or a rewritten history.');
  });
}
