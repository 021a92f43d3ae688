// SPDX-License-Identifier: Apache-2.0
// Writing the message log: one row per signed message, then batch time-stamps over Merkle roots.
import 'reflect-metadata'; // @peculiar/x509 (reached through @peculiar/asn1-* users) needs it loaded first
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, sql, TransactionRollbackError } from 'drizzle-orm';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { MessageImprint, TimeStampReq } from '@peculiar/asn1-tsp';
import { canonicalJson, inclusionProof, leafHash, MerkleTree, queryFixedStatement, systemClock, type Clock, type Database } from '@tessera/platform';
import { readTimeStamp, verifyTimeStampToken } from '@tessera/trust';
import type { CertificateInput } from './message-signature.ts';
import {
  DuplicateMessageId, LogBodyMismatch, LogSignatureMismatch, OptionInvalid, TimeStampForOtherRequest, TimeStampRefused, TimeStampUnusable, TimeStampUntrusted,
} from '../exchange-errors.ts';
import { sha512Base64, signedPayload, type MessageDigest } from './message-signature.ts';
import { messages, timestampBatches } from './schema.ts';

/** Bodies up to this size are kept by default; X-Road's typical JSON payloads fit with room to spare. */
export const DEFAULT_MAX_STORED_BODY_BYTES = 1024 * 1024;
const OID_SHA256 = '2.16.840.1.101.3.4.2.1';

export interface MessageLogEntry {
  digest: MessageDigest;
  /** The compact JWS over the digest, from `signMessage` (ours) or the peer gateway (theirs). */
  signature: string;
  /** The body bytes; kept when within `maxStoredBodyBytes`, otherwise only the signed hash remains. */
  body?: Uint8Array;
  /** Base64 SHA-512 of `body` when the caller computed it as the bytes arrived (a gateway's spool does), so it is not hashed twice. */
  bodyHash?: string;
}

export interface LogOptions {
  /** Whose log: the gateway's identifier (default 'local'). */
  gateway?: string;
  clock?: Clock;
  maxStoredBodyBytes?: number;
}

/**
 * Logs one message. Throws DuplicateMessageId, writing nothing, when the log already holds this
 * X-Road-Id in this direction. The insert skips the conflicting row rather than failing, so a
 * replay does not abort the caller's surrounding transaction.
 */
export async function logMessage(db: Database, entry: MessageLogEntry, options: LogOptions = {}): Promise<{ id: number; bodyStored: boolean }> {
  const row = messageRow(entry, options);
  const inserted = await db.insert(messages).values(row).onConflictDoNothing({ target: [messages.gateway, messages.messageId, messages.direction] }).returning({ id: messages.id });
  const first = inserted[0];
  if (!first) throw new DuplicateMessageId(`A ${entry.digest.direction} with X-Road-Id ${entry.digest.messageId} is already logged.`);
  return { id: first.id, bodyStored: row.body !== null };
}

/** The row of one entry, after the checks that keep a wrong entry out of the log. */
function messageRow(entry: MessageLogEntry, options: LogOptions): typeof messages.$inferInsert {
  const { digest, signature, body } = entry;
  // a signature over some other digest would log fine and fail every later verification; refuse it now
  if (signedPayload(signature) !== canonicalJson(digest)) throw new LogSignatureMismatch();
  if (body !== undefined && (entry.bodyHash ?? sha512Base64(body)) !== digest.bodyHash) throw new LogBodyMismatch();
  const limit = options.maxStoredBodyBytes ?? DEFAULT_MAX_STORED_BODY_BYTES;
  const bodyStored = body !== undefined && body.byteLength <= limit;
  return {
    gateway: options.gateway ?? 'local',
    messageId: digest.messageId,
    direction: digest.direction,
    client: digest.client,
    service: digest.service,
    method: digest.method,
    path: digest.path,
    digest,
    signature,
    body: bodyStored ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : null,
    loggedAt: (options.clock ?? systemClock).now(),
  };
}

/**
 * When a logged message must be on disk. `durable`: before the write's promise settles.
 * `withAnswer`: for a request whose answer is logged `durable` before that answer is passed on —
 * the row is in the log and its X-Road-Id taken when the promise settles (a replay is refused
 * before anything is sent), but its commit does not wait for the disk flush; the answer's commit
 * flushes the write-ahead log up to itself, which holds this earlier commit (PostgreSQL writes
 * its WAL in order). So every message a gateway has passed an answer for is durable, at one disk
 * flush per message and side instead of two.
 */
export type LogDurability = 'durable' | 'withAnswer';

interface Waiting {
  row: typeof messages.$inferInsert & { gateway: string };
  durability: LogDurability;
  resolve: (logged: { id: number; bodyStored: boolean }) => void;
  reject: (error: unknown) => void;
}

/** Most rows one group commit writes. */
const MAX_GROUP = 256;
/** Groups up to this many rows use a statement prepared once per size; larger (rare) ones are built each time. */
const MAX_PREPARED_GROUP = 16;
const INSERTED_COLUMNS = ['gateway', 'messageId', 'direction', 'client', 'service', 'method', 'path', 'digest', 'signature', 'body', 'loggedAt'] as const;
type MessageInsert = typeof messages.$inferInsert;
/** Groups whose kept bodies add up to at most this go as one JSON value (bodies in base64); larger bodies are bound as bytes. */
const MAX_JSON_BODY_BYTES = 64 * 1024;
/**
 * Any group as one statement whose text never changes: the rows as one JSON value. On a server it
 * is prepared once per connection whatever the group's size; on PGlite it takes the simple query
 * protocol, two calls into the engine instead of six, which is most of what a row costs there.
 */
const INSERT_GROUP = {
  name: 'tessera_message_log_insert_group',
  // $2 is synchronous_commit for this statement's own transaction ('on' or 'off'): set_config with
  // is_local = true is SET LOCAL, read when the statement commits, so one fixed text serves both.
  text: `insert into exchange_message_log.messages (gateway, message_id, direction, client, service, method, path, digest, signature, body, logged_at)
    select gateway, message_id, direction, client, service, method, path, digest, signature, decode(body, 'base64'), logged_at
    from json_to_recordset($1::json) as r(gateway text, message_id text, direction text, client text, service text, method text, path text, digest jsonb, signature text, body text, logged_at timestamptz),
      (select set_config('synchronous_commit', $2, true)) as durability
    on conflict (gateway, message_id, direction) do nothing
    returning id::text as id, gateway, message_id as "messageId", direction`,
};

/**
 * The message log of one busy gateway, with group commit: messages logged while a write is in
 * flight, or in the same turn of the event loop, are written together by one multi-row INSERT
 * (one statement, one commit). The group is per database, so gateways sharing one (a demo
 * federation, a test) also share their commits. A lone message waits for nothing but the end of
 * the current turn. Each caller's promise settles only once its row is committed, so a message is
 * still logged before it is sent on, and a replayed X-Road-Id still fails with DuplicateMessageId,
 * alone.
 */
export class MessageLogWriter {
  readonly #options: LogOptions;
  readonly #group: GroupCommit;

  constructor(db: Database, options: LogOptions) {
    this.#options = options;
    this.#group = groupCommitOf(db);
  }

  write(entry: MessageLogEntry, durability: LogDurability = 'durable'): Promise<{ id: number; bodyStored: boolean }> {
    return new Promise((resolve, reject) => this.#group.add({ row: messageRow(entry, this.#options), durability, resolve, reject }));
  }
}

const groups = new WeakMap<Database, GroupCommit>();
function groupCommitOf(db: Database): GroupCommit {
  let group = groups.get(db);
  if (!group) {
    group = new GroupCommit(db);
    groups.set(db, group);
  }
  return group;
}

type Inserted = { id: number; gateway: string; messageId: string; direction: string };
const rowKey = (r: { gateway: string; messageId: string; direction: string }) => `${r.gateway}\n${r.direction}\n${r.messageId}`;

/** The rows waiting for one database, and the one write in flight. */
class GroupCommit {
  readonly #db: Database;
  #queue: Waiting[] = [];
  #writing = false;
  /**
   * The multi-row INSERT for each group size, built once: building a statement costs about as much
   * main-thread time as sending it, and a named statement is also parsed and planned only once per
   * connection by a PostgreSQL server.
   */
  readonly #prepared = new Map<number, { execute(values: Record<string, unknown>): Promise<Inserted[]> }>();

  constructor(db: Database) {
    this.#db = db;
  }

  add(waiting: Waiting): void {
    this.#queue.push(waiting);
    if (this.#writing) return;
    this.#writing = true;
    // the end of this turn: messages whose I/O arrived in the same turn join the group
    setImmediate(() => void this.#drain());
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const group = this.#queue.splice(0, MAX_GROUP);
        await this.#writeGroup(group);
      }
    } finally {
      this.#writing = false;
    }
  }

  async #writeGroup(group: Waiting[]): Promise<void> {
    const first = new Map<string, Waiting>();
    for (const waiting of group) {
      const k = rowKey(waiting.row);
      if (first.has(k)) waiting.reject(duplicate(waiting.row));
      else first.set(k, waiting);
    }
    const rows = [...first.values()];
    try {
      const inserted = await this.#insert(rows.map((w) => w.row), rows.some((w) => w.durability === 'durable'));
      const ids = new Map(inserted.map((r) => [rowKey(r), r.id]));
      for (const waiting of rows) {
        const id = ids.get(rowKey(waiting.row));
        if (id === undefined) waiting.reject(duplicate(waiting.row));
        else waiting.resolve({ id, bodyStored: waiting.row.body !== null });
      }
    } catch (error) {
      for (const waiting of rows) waiting.reject(error);
    }
  }

  /** Writes the rows in one statement; `durable` false lets its commit skip the disk flush (large bodies always wait for it). */
  async #insert(rows: MessageInsert[], durable: boolean): Promise<Inserted[]> {
    if (rows.reduce((n, row) => n + (row.body?.byteLength ?? 0), 0) <= MAX_JSON_BODY_BYTES) {
      const json = JSON.stringify(rows.map((row) => ({
        gateway: row.gateway, message_id: row.messageId, direction: row.direction, client: row.client, service: row.service, method: row.method, path: row.path,
        digest: row.digest, signature: row.signature, body: row.body ? row.body.toString('base64') : null, logged_at: row.loggedAt!.toISOString(),
      })));
      const inserted = await queryFixedStatement<Omit<Inserted, 'id'> & { id: string }>(this.#db, INSERT_GROUP, [json, durable ? 'on' : 'off']);
      return inserted.map((r) => ({ ...r, id: Number(r.id) }));
    }
    if (rows.length > MAX_PREPARED_GROUP) return this.#insertStatement(rows).execute();
    let statement = this.#prepared.get(rows.length);
    if (!statement) {
      const placeholders = rows.map((_, i) => Object.fromEntries(INSERTED_COLUMNS.map((column) => [column, sql.placeholder(`${column}${i}`)])) as unknown as MessageInsert);
      statement = this.#insertStatement(placeholders).prepare(`tessera_message_log_insert_${rows.length}`);
      this.#prepared.set(rows.length, statement);
    }
    const values: Record<string, unknown> = {};
    rows.forEach((row, i) => {
      for (const column of INSERTED_COLUMNS) values[`${column}${i}`] = row[column];
    });
    return statement.execute(values);
  }

  #insertStatement(rows: MessageInsert[]) {
    return this.#db.insert(messages).values(rows)
      .onConflictDoNothing({ target: [messages.gateway, messages.messageId, messages.direction] })
      .returning({ id: messages.id, gateway: messages.gateway, messageId: messages.messageId, direction: messages.direction });
  }
}

const duplicate = (row: { direction: string; messageId: string }) => new DuplicateMessageId(`A ${row.direction} with X-Road-Id ${row.messageId} is already logged.`);

/** The Merkle leaf of a logged message: what the batch time-stamp ultimately covers. */
export function messageLeaf(digest: MessageDigest, signature: string): Buffer {
  return leafHash(Buffer.from(canonicalJson({ digest, signature }), 'utf8'));
}

export interface StampOptions {
  /** Whose messages to stamp (default 'local'). */
  gateway?: string;
  /** Sends a DER TimeStampReq to the TSA and returns its DER TimeStampResp. */
  tsa: (requestDer: Uint8Array) => Promise<Uint8Array>;
  clock: Clock;
  /** Most messages one batch covers; the rest wait for the next call. */
  maxBatch: number;
  /** When given, the token is fully verified (signature, TSA certificate path) before it is stored. */
  tsaTrustedCertificates?: CertificateInput[];
}

export interface StampedBatch {
  batchId: number;
  size: number;
  merkleRoot: Buffer;
  genTime: Date;
}

/**
 * Time-stamps up to `maxBatch` unstamped messages, oldest first, with one TSA request: the token
 * covers the RFC 9162 Merkle root of their leaves, and each message keeps its inclusion proof.
 * One request per batch, not per message, keeps TSA load and latency off the message path.
 * Read, call, record: the TSA is asked outside any transaction (a slow TSA holds no lock and no
 * pooled connection); one transaction then stores the batch and marks exactly those messages,
 * only if none of them was stamped meanwhile by another stamper (else nothing is written and
 * undefined is returned). A refused or garbled response throws TimeStampFailed and leaves the
 * messages pending. Returns undefined when nothing is pending.
 */
export async function stampPendingBatch(db: Database, options: StampOptions): Promise<StampedBatch | undefined> {
  if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) throw new OptionInvalid('maxBatch must be a positive integer.');
  const pending = await db.select({ id: messages.id, digest: messages.digest, signature: messages.signature })
    .from(messages).where(and(isNull(messages.batchId), eq(messages.gateway, options.gateway ?? 'local'))).orderBy(asc(messages.id)).limit(options.maxBatch);
  if (pending.length === 0) return undefined;

  const tree = new MerkleTree(pending.map((row) => messageLeaf(row.digest, row.signature)));
  const root = tree.hash();
  const imprint = createHash('sha256').update(root).digest();
  const nonce = randomNonce();
  const requestDer = new Uint8Array(AsnConvert.serialize(new TimeStampReq({
    messageImprint: new MessageImprint({ hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID_SHA256 }), hashedMessage: new OctetString(imprint) }),
    nonce: nonce.slice().buffer,
    // the TSA's certificate inside the token lets a verifier years later need only the root CA
    certReq: true,
  })));

  const token = grantedToken(await options.tsa(requestDer), imprint, nonce);
  if (options.tsaTrustedCertificates) {
    const check = await verifyTimeStampToken(token.der, { digest: imprint, trustedCertificates: options.tsaTrustedCertificates });
    if (!check.ok) throw new TimeStampUntrusted(check.reason);
  }

  return db.transaction(async (tx) => {
    const [batch] = await tx.insert(timestampBatches).values({
      merkleRoot: root, size: tree.size, token: Buffer.from(token.der), genTime: token.genTime, stampedAt: options.clock.now(),
    }).returning({ id: timestampBatches.id });
    const batchId = batch!.id;
    // one UPDATE for the whole batch, each row with its own index and proof; only rows still pending
    const values = sql.join(pending.map((row, index) => sql`(${row.id}::bigint, ${index}::integer, ${Buffer.concat(inclusionProof(tree, index, tree.size))}::bytea)`), sql`, `);
    // both drivers (node-postgres, PGlite) answer with { rows }
    const marked = (await tx.execute(sql`
      update ${messages} set batch_id = ${batchId}, batch_index = v.batch_index, inclusion_proof = v.proof
      from (values ${values}) as v(id, batch_index, proof)
      where ${messages.id} = v.id and ${messages.batchId} is null
      returning ${messages.id}`)) as unknown as { rows: unknown[] };
    if (marked.rows.length !== pending.length) {
      // another stamper covered some of these first: this batch would prove a set the log does not hold
      tx.rollback();
    }
    return { batchId, size: tree.size, merkleRoot: root, genTime: token.genTime };
  }).catch((error: unknown) => {
    if (error instanceof TransactionRollbackError) return undefined;
    throw error;
  });
}

/** Positive 63-bit nonce whose first byte keeps the DER INTEGER minimal and non-negative. */
function randomNonce(): Uint8Array {
  const bytes = new Uint8Array(randomBytes(8));
  bytes[0] = 0x40 | (bytes[0]! & 0x3f);
  return bytes;
}

/**
 * Reads a TimeStampResp with trust's one reader: status granted, and a token whose TSTInfo echoes
 * our imprint and nonce, so a response to some other request is never stored as this batch's proof.
 */
function grantedToken(responseDer: Uint8Array, imprint: Uint8Array, nonce: Uint8Array): { der: Uint8Array; genTime: Date } {
  const reading = readTimeStamp(new Uint8Array(responseDer));
  if (!reading.ok) {
    throw reading.refused ? new TimeStampRefused(reading.reason) : new TimeStampUnusable(reading.reason);
  }
  const { tstInfo } = reading;
  if (tstInfo.messageImprint.hashAlgorithm.algorithm !== OID_SHA256 || !Buffer.from(tstInfo.messageImprint.hashedMessage.buffer).equals(imprint)) {
    throw new TimeStampForOtherRequest('The time-stamp token covers a different imprint.');
  }
  if (!tstInfo.nonce || !Buffer.from(tstInfo.nonce).equals(nonce)) throw new TimeStampForOtherRequest('The time-stamp token does not echo our nonce.');
  // the TSA's own bytes, not a re-encoding: the token is evidence and must stay exactly as signed
  return { der: reading.token, genTime: tstInfo.genTime };
}
