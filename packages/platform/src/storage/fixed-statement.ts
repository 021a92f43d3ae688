// SPDX-License-Identifier: Apache-2.0
import { is, sql, type SQL } from 'drizzle-orm';
import { NodePgSession } from 'drizzle-orm/node-postgres';
import { PgliteSession } from 'drizzle-orm/pglite';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from './database.ts';

/** A statement whose text never changes, with `$1`, `$2`, … for its values. */
export interface FixedStatement {
  /** The server's name for it (a prepared statement per connection); unique per text. */
  name: string;
  text: string;
}

/** Values a fixed statement takes: text, bytes or null. */
export type FixedValue = string | Buffer | null;

interface PgQueryable { query(config: { name: string; text: string; values: FixedValue[] }): Promise<{ rows: unknown[] }> }
interface PgliteExecutable { exec(query: string): Promise<Array<{ rows: unknown[] }>> }

/**
 * Runs a fixed statement that returns nothing on the driver's cheapest path, inside the caller's
 * transaction when `db` is one. For the statement every state change adds (the transparency-log
 * append) what a general query costs matters:
 * - on a server, a named prepared statement: parsed and planned once per connection, then only
 *   bound and executed;
 * - on PGlite, the simple query protocol with the values as literals escaped by node-postgres's
 *   `escapeLiteral` (bytes as `decode(hex)`): two calls into PGlite's engine instead of the six of
 *   its extended protocol (parse, describe, bind, describe, execute, sync). Outside a transaction
 *   the statement is also prepared once (`PREPARE`, then `EXECUTE name(literals)`), so PGlite's
 *   engine no longer parses and plans it each time: half the cost of a repeated read such as the
 *   OCSP responder's. Inside one it runs as it is, since a failed PREPARE would abort the caller's
 *   transaction.
 * Any other driver gets an ordinary parameterised query.
 */
export async function runFixedStatement(db: Database, statement: FixedStatement, values: readonly FixedValue[]): Promise<void> {
  await queryFixedStatement(db, statement, values);
}

/**
 * `runFixedStatement` for a statement that returns rows (`… returning …`): its rows as the driver
 * reads them, column names as the statement gives them. Values the drivers parse differently
 * (bigint, timestamps) are best returned as text (`id::text`), so both storages agree.
 */
export async function queryFixedStatement<Row>(db: Database, statement: FixedStatement, values: readonly FixedValue[]): Promise<Row[]> {
  const needed = placeholders(statement.text);
  if (values.length < needed) throw new RangeError(`${statement.name} takes ${needed} values, given ${values.length}`);
  const session: unknown = db._.session;
  if (is(session, NodePgSession)) {
    const client = Reflect.get(session, 'client') as PgQueryable;
    return (await client.query({ name: statement.name, text: statement.text, values: [...values] })).rows as Row[];
  }
  if (is(session, PgliteSession)) {
    const client = Reflect.get(session, 'client') as PgliteExecutable;
    const text = client instanceof PGlite && await preparedOn(client, statement)
      ? `execute ${statement.name}(${Array.from({ length: needed }, (_, i) => `$${i + 1}`).join(', ')})`
      : statement.text;
    const results = await client.exec(withLiterals(text, values));
    return (results.at(-1)?.rows ?? []) as Row[];
  }
  // both drivers' execute answers with { rows }
  return ((await db.execute(withParameters(statement.text, values))) as unknown as { rows: Row[] }).rows;
}

/** Per embedded database, the fixed statements prepared on its one session (PREPARE outlives a rolled-back transaction). */
const prepared = new WeakMap<PGlite, Map<string, Promise<boolean>>>();
const STATEMENT_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Prepares the statement on the embedded database once. False (run it as it is) when its name
 * cannot be an SQL identifier or PREPARE refused it (a parameter whose type only a literal
 * decides): the statement then runs, and fails if it must, as it did unprepared.
 */
function preparedOn(client: PGlite, statement: FixedStatement): Promise<boolean> {
  if (!STATEMENT_NAME.test(statement.name)) return Promise.resolve(false);
  let statements = prepared.get(client);
  if (!statements) prepared.set(client, statements = new Map());
  let ready = statements.get(statement.name);
  if (!ready) {
    ready = client.exec(`prepare ${statement.name} as ${statement.text}`).then(() => true, () => false);
    statements.set(statement.name, ready);
  }
  return ready;
}

const PLACEHOLDER = /\$(\d+)/g;

/** The highest `$n` the text names. */
function placeholders(text: string): number {
  let n = 0;
  for (const m of text.matchAll(PLACEHOLDER)) n = Math.max(n, Number(m[1]));
  return n;
}

function valueAt(values: readonly FixedValue[], n: string): FixedValue {
  const i = Number(n) - 1;
  if (!(i in values)) throw new RangeError(`no value for $${n}`);
  return values[i]!;
}

/** The statement with each `$n` replaced by its value as an escaped literal. */
export function withLiterals(text: string, values: readonly FixedValue[]): string {
  return text.replace(PLACEHOLDER, (_, n: string) => {
    const value = valueAt(values, n);
    if (value === null) return 'NULL';
    if (Buffer.isBuffer(value)) return `decode('${value.toString('hex')}', 'hex')`;
    return escapeLiteral(value);
  });
}

/**
 * node-postgres's `escapeLiteral`, same output (quotes doubled; with a backslash, backslashes
 * doubled in an E'' string), by two regular-expression passes instead of its character-by-character
 * concatenation: a log append's JSON value is kilobytes full of backslashes, and that loop was a
 * tenth of an issuance's CPU on PGlite.
 */
function escapeLiteral(value: string): string {
  const quoted = value.replace(QUOTE, "''");
  return value.includes('\\') ? ` E'${quoted.replace(BACKSLASH, '\\\\')}'` : `'${quoted}'`;
}
const QUOTE = /'/g;
const BACKSLASH = /\\/g;

function withParameters(text: string, values: readonly FixedValue[]): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    chunks.push(sql.raw(text.slice(last, match.index)), sql`${valueAt(values, match[1]!)}`);
    last = match.index + match[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}
