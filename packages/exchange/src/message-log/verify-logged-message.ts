// SPDX-License-Identifier: Apache-2.0
// Proves, for one X-Road-Id, that the logged messages were sent, by whom, unchanged, and when.
import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { verifyInclusion, type Database } from '@tessera/platform';
import { verifyTimeStampToken } from '@tessera/trust';
import type { CertificateInput } from './message-signature.ts';
import { messageLeaf } from './message-log.ts';
import { digestHash, sha512Base64, verifyMessageSignature } from './message-signature.ts';
import { messages, timestampBatches, type MessageRow } from './schema.ts';

export type LoggedMessageProblemCode =
  | 'not-logged'
  | 'body-hash-mismatch'
  | 'invalid-signature'
  | 'row-mismatch'
  | 'request-hash-mismatch'
  | 'not-stamped'
  | 'inclusion-proof-failed'
  | 'time-stamp-invalid';

export interface LoggedMessageProblem {
  code: LoggedMessageProblemCode;
  detail: string;
}

export interface LoggedMessageReport {
  direction: 'request' | 'response';
  /** Subject of the signing certificate, when the signature verified. */
  signer?: string;
  /** The signing time the gateway claimed (from the signed digest). */
  at: string;
  /** genTime of the batch time-stamp, when it verified: the message existed no later than this. */
  stampedAt?: Date;
  batchId?: number;
  /** False when the body was above the size limit and only its signed hash was kept. */
  bodyStored: boolean;
  problems: LoggedMessageProblem[];
}

export interface LoggedMessageVerification {
  /** True when at least one message is logged and no message has a problem. */
  ok: boolean;
  messageId: string;
  messages: LoggedMessageReport[];
  /** Problems not tied to one message (nothing logged under this id). */
  problems: LoggedMessageProblem[];
}

export interface VerifyLoggedMessageOptions {
  /** Whose log (default 'local'). */
  gateway?: string;
  /** DER certificates of the CAs that issue member signing certificates. */
  trustedCaDer: Uint8Array[];
  /** Trust anchors for the time-stamp tokens: the TSA's root CA, or the TSA certificate pinned. */
  tsaTrustedCertificates: CertificateInput[];
}

const HASH_BYTES = 32;

/**
 * Checks each logged message (request and response) with this X-Road-Id: the kept body against
 * the signed bodyHash, the signature and its chain to a trusted CA, the searchable columns against
 * the signed digest, the response's requestHash against the logged request, the Merkle inclusion
 * of the message's leaf in its batch root, and the batch's RFC 3161 token over SHA-256(root).
 *
 * A message not yet time-stamped is reported `not-stamped` and makes `ok` false: until a batch
 * covers it the log cannot prove *when* it was sent, nor that the row was not rewritten since,
 * so it is not yet evidence. The state is transient — verify again after the next batch.
 */
export async function verifyLoggedMessage(db: Database, messageId: string, options: VerifyLoggedMessageOptions): Promise<LoggedMessageVerification> {
  const rows = await db.select().from(messages).where(and(eq(messages.messageId, messageId), eq(messages.gateway, options.gateway ?? 'local'))).orderBy(asc(messages.direction));
  if (rows.length === 0) {
    return { ok: false, messageId, messages: [], problems: [{ code: 'not-logged', detail: `No message with X-Road-Id ${messageId} is logged.` }] };
  }
  const batches = new Map<number, Promise<BatchCheck>>();
  const checkBatchOnce = (batchId: number) => {
    let check = batches.get(batchId);
    if (!check) batches.set(batchId, check = checkBatch(db, batchId, options.tsaTrustedCertificates));
    return check;
  };
  const request = rows.find((row) => row.direction === 'request');
  const reports: LoggedMessageReport[] = [];
  for (const row of rows) reports.push(await checkMessage(row, request, options, checkBatchOnce));
  return { ok: reports.every((report) => report.problems.length === 0), messageId, messages: reports, problems: [] };
}

interface BatchCheck {
  root?: Buffer;
  size?: number;
  genTime?: Date;
  problem?: string;
}

async function checkMessage(
  row: MessageRow,
  request: MessageRow | undefined,
  options: VerifyLoggedMessageOptions,
  checkBatch: (batchId: number) => Promise<BatchCheck>,
): Promise<LoggedMessageReport> {
  const { digest } = row;
  const problems: LoggedMessageProblem[] = [];
  const report: LoggedMessageReport = { direction: row.direction, at: digest.at, bodyStored: row.body !== null, problems };

  if (row.body !== null && sha512Base64(row.body) !== digest.bodyHash) {
    problems.push({ code: 'body-hash-mismatch', detail: 'The stored body does not hash to the signed bodyHash.' });
  }

  const signature = await verifyMessageSignature(row.signature, { expected: digest, trustedCaDer: options.trustedCaDer });
  if (signature.ok) report.signer = signature.signer;
  else problems.push({ code: 'invalid-signature', detail: signature.reason });

  // the columns are copies for searching; a rewrite there would mislead anyone querying by them
  const columns = { messageId: row.messageId, direction: row.direction, client: row.client, service: row.service, method: row.method, path: row.path };
  const differing = Object.entries(columns).filter(([key, value]) => digest[key as keyof typeof columns] !== value).map(([key]) => key);
  if (differing.length > 0) problems.push({ code: 'row-mismatch', detail: `Stored ${differing.join(', ')} differ from the signed digest.` });

  if (row.direction === 'response' && request && digest.requestHash !== undefined && digest.requestHash !== digestHash(request.digest)) {
    problems.push({ code: 'request-hash-mismatch', detail: 'The response is not bound to the logged request.' });
  }

  if (row.batchId === null) {
    problems.push({ code: 'not-stamped', detail: 'The message is not yet covered by a batch time-stamp; verify again after the next batch.' });
    return report;
  }
  report.batchId = row.batchId;
  const batch = await checkBatch(row.batchId);
  if (batch.root && batch.size !== undefined) {
    const proof = splitProof(row.inclusionProof);
    const included = proof !== undefined && row.batchIndex !== null
      && verifyInclusion(row.batchIndex, batch.size, messageLeaf(digest, row.signature), proof, batch.root);
    if (!included) problems.push({ code: 'inclusion-proof-failed', detail: `The message is not included in the root of batch ${row.batchId}.` });
  }
  if (batch.problem) problems.push({ code: 'time-stamp-invalid', detail: batch.problem });
  else report.stampedAt = batch.genTime;
  return report;
}

async function checkBatch(db: Database, batchId: number, trustedCertificates: CertificateInput[]): Promise<BatchCheck> {
  const [batch] = await db.select().from(timestampBatches).where(eq(timestampBatches.id, batchId));
  if (!batch) return { problem: `Batch ${batchId} is missing.` };
  const digest = createHash('sha256').update(batch.merkleRoot).digest();
  const token = await verifyTimeStampToken(batch.token, { digest, trustedCertificates });
  return token.ok
    ? { root: batch.merkleRoot, size: batch.size, genTime: token.genTime }
    : { root: batch.merkleRoot, size: batch.size, problem: `The batch time-stamp does not verify: ${token.reason}` };
}

function splitProof(bytes: Buffer | null): Buffer[] | undefined {
  if (bytes === null || bytes.length % HASH_BYTES !== 0) return undefined;
  const proof: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += HASH_BYTES) proof.push(bytes.subarray(offset, offset + HASH_BYTES));
  return proof;
}
