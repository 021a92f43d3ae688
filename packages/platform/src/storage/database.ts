// SPDX-License-Identifier: Apache-2.0
import { mkdirSync } from 'node:fs';
import { PGlite, types, type PGliteOptions } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { markTransactions } from './transaction-scope.ts';

/**
 * A Drizzle handle on PostgreSQL, embedded (PGlite) or a server. Transactions are the same type,
 * so store functions take a `Database` and work inside or outside a transaction.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema generic varies per context
export type Database = PgDatabase<PgQueryResultHKT, any>;

export interface Storage {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Applies one context's migrations (its own PostgreSQL schema); idempotent. */
  migrate(context: ContextMigrations): Promise<void>;
  /**
   * Hears `NOTIFY channel` from every process on this database (sent with `pg_notify` inside a
   * transaction, so only committed changes are heard). On a server the listener has a connection
   * of its own, re-opened after a failure; `onReconnect` is told, because notices sent while it
   * was away are lost. Returns a function that stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ContextMigrations {
  /** The context's name, used for its migration journal table. */
  context: string;
  /** Folder written by drizzle-kit generate. */
  folder: string;
}

export type StorageOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir?: string; /** A data folder image to start an in-memory database from, instead of initdb. */ loadDataDir?: Blob };

export async function openStorage(options: StorageOptions): Promise<Storage> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // node-postgres asks for this handler: an idle client whose connection the server closed
    // (restart, failover, a dropped test database) is discarded and replaced on next use, and
    // must not take the process down with an unhandled 'error' event.
    pool.on('error', () => undefined);
    const db = markTransactions(drizzlePg(pool));
    const listeners = new Set<() => Promise<void>>();
    return {
      db,
      kind: 'postgres',
      migrate: (c) => migratePg(db, journal(c)),
      async listen(channel, onPayload, onReconnect) {
        const stop = await listenOnServer(options.url, channel, onPayload, onReconnect);
        listeners.add(stop);
        return async () => {
          listeners.delete(stop);
          await stop();
        };
      },
      close: async () => {
        await Promise.all([...listeners].map((stop) => stop()));
        await pool.end();
      },
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = options.dataDir ? new DrizzlePGlite(options.dataDir, PGLITE_TYPES) : new DrizzlePGlite({ ...PGLITE_TYPES, loadDataDir: options.loadDataDir });
  await client.waitReady;
  // PGlite derives each array type's serialiser from its element's once it is up; a bytea[] is
  // text (an array literal), so it must not inherit the binary one above.
  client.serializers[BYTEA_ARRAY] = byteaArrayLiteral;
  for (const oid of DRIZZLE_RAW_TYPES) client.parsers[oid] = rawText;
  const db = markTransactions(drizzlePglite(client));
  return {
    db,
    kind: 'pglite',
    migrate: (c) => migratePglite(db, journal(c)),
    async listen(channel, onPayload) {
      const unlisten = await client.listen(channel, onPayload);
      return () => unlisten();
    },
    close: () => client.close(),
  };
}

/** LISTEN on a connection of its own (a pooled one would be handed to other queries). */
async function listenOnServer(url: string, channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === channel) onPayload(message.payload ?? '');
    });
    next.on('error', () => undefined);
    next.on('end', () => {
      if (stopped || client !== next) return;
      client = null;
      reconnect();
    });
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    if (stopped) return void (await next.end());
    client = next;
  };
  const reconnect = () => {
    retry = setTimeout(() => connect().then(() => onReconnect?.(), reconnect), 1000);
    retry.unref();
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

/**
 * bytea for PGlite: parameters sent as they are, in the protocol's binary format (PGlite's bind
 * takes byte arrays as such), and results read with node's hex codec. PGlite's own bytea
 * serialiser turns every byte into a string of an array before hex-joining them, which costs a
 * quarter of a second per megabyte (message bodies, certificates, archived batches).
 */
const PGLITE_TYPES: PGliteOptions = {
  serializers: {
    [types.BYTEA]: (value: unknown) => {
      if (!(value instanceof Uint8Array)) throw new TypeError('bytea takes a Uint8Array');
      // a byte view, not text: PGlite binds it in binary format (the type says string, the protocol code takes both)
      return value as unknown as string;
    },
  },
  parsers: { [types.BYTEA]: (value: string) => new Uint8Array(Buffer.from(value.slice(2), 'hex')) },
};

const BYTEA_ARRAY = 1001;

/**
 * The types Drizzle reads as text and converts itself (timestamp, timestamptz, interval, date,
 * numeric[], timestamp[], timestamptz[], interval[], date[]): drizzle-orm/pglite passes parsers
 * for exactly these with every query.
 */
const DRIZZLE_RAW_TYPES: readonly number[] = [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182];
const RAW = new Set(DRIZZLE_RAW_TYPES);
const rawText = (value: string) => value;

type QueryOptions = Parameters<PGlite['query']>[2];
type Transaction = Parameters<Parameters<PGlite['transaction']>[0]>[0];

/**
 * Drizzle's per-query `parsers` option without its cost: given one, PGlite copies its whole
 * parser table (hundreds of types) for that query — about 0.1 ms, more than a short statement
 * takes. The client holds the same parsers itself (set once it is up), so an option that names
 * only those types is dropped; any other is passed on as it is.
 */
function withoutRawParsers(options: QueryOptions): QueryOptions {
  const parsers = options?.parsers;
  if (!parsers) return options;
  for (const oid of Object.keys(parsers)) if (!RAW.has(Number(oid))) return options;
  return { ...options, parsers: undefined };
}

class DrizzlePGlite extends PGlite {
  override query<T>(query: string, params?: unknown[], options?: QueryOptions) {
    return super.query<T>(query, params, withoutRawParsers(options));
  }

  override transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    return super.transaction((tx) => callback(Object.create(tx, {
      query: { value: <R>(query: string, params?: unknown[], options?: QueryOptions) => tx.query<R>(query, params, withoutRawParsers(options)) },
    }) as Transaction));
  }
}
/** A bytea[] parameter as a PostgreSQL array literal of hex strings: {"\\\\x0102",NULL}. */
function byteaArrayLiteral(value: unknown): string {
  if (!Array.isArray(value)) throw new TypeError('bytea[] takes an array of Uint8Array');
  return `{${value.map((item: unknown) => {
    if (item === null || item === undefined) return 'NULL';
    if (!(item instanceof Uint8Array)) throw new TypeError('bytea[] takes an array of Uint8Array');
    return `"\\\\x${Buffer.from(item.buffer, item.byteOffset, item.byteLength).toString('hex')}"`;
  }).join(',')}}`;
}

function journal(c: ContextMigrations) {
  return { migrationsFolder: c.folder, migrationsSchema: 'tessera_migrations', migrationsTable: c.context };
}

/** PostgreSQL SQLSTATE of a failed statement, looking through Drizzle's wrapper error. */
export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505';
