// SPDX-License-Identifier: Apache-2.0
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { and, eq, lt } from 'drizzle-orm';
import { IdempotencyKeyInFlight, IdempotencyKeyReused, ValidationFailed } from '../errors/tessera-error.ts';
import { IdempotencyRecordUnreadable } from '../errors/platform-errors.ts';
import type { Database } from '../storage/database.ts';
import type { Clock } from '../time/clock.ts';
import { idempotencyKeys } from './idempotency-schema.ts';
import type { Server } from './server.ts';

export const idempotencyMigrations = { context: 'platform_http', folder: new URL('./migrations', import.meta.url).pathname };

export interface IdempotencyOptions {
  db: Database;
  clock: Clock;
  /** Whose keys these are: a signed-in principal's id, else 'anonymous' (keys are random UUIDs). */
  scope: (request: FastifyRequest) => string;
  /** A claim older than this is taken over, so a crashed request does not block retries forever. */
  staleAfterMs?: number;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY = /^[\x21-\x7e]{8,255}$/;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { scope: string; key: string; secret: string };
  }
  interface FastifyContextConfig {
    /**
     * A page's form, which cannot send headers, carries its key in this body field instead: a
     * one-time key the server put in the form, so a double submit gets the first answer.
     */
    idempotencyKeyField?: string;
  }
}

/**
 * Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): a state-changing request sent
 * again with the same key gets the first response, marked `Idempotency-Replayed: true`, and
 * changes nothing; the same key with a different request is refused (422); a retry while the
 * first is still running is refused (409). 5xx answers are not kept, so they can be retried. A
 * route whose form cannot send the header names the body field holding the key instead
 * (`config.idempotencyKeyField`).
 *
 * A remembered response can hold a secret (an application's private status link), so the store
 * keeps neither it nor the key in the clear: rows are found by the key's SHA-256 and the body is
 * sealed with AES-256-GCM under a key derived from the Idempotency-Key, which only the client
 * holds. A copy of the table reveals status codes and times, nothing a caller was told.
 */
export function registerIdempotency(server: Server, options: IdempotencyOptions): void {
  const staleAfterMs = options.staleAfterMs ?? 60_000;
  server.addHook('preHandler', async (request, reply) => {
    const field = request.routeOptions.config.idempotencyKeyField;
    const header = request.headers['idempotency-key'];
    const secret = header ?? (field ? (request.body as Record<string, unknown> | undefined)?.[field] : undefined);
    if (!UNSAFE.has(request.method) || secret === undefined) return;
    if (typeof secret !== 'string' || !KEY.test(secret)) {
      throw new ValidationFailed([{ code: 'pattern', path: header === undefined ? `body/${field}` : 'headers/idempotency-key', message: 'Idempotency-Key must be 8–255 visible ASCII characters.' }]);
    }
    const scope = options.scope(request);
    const key = lookupKey(secret);
    const fingerprint = fingerprintOf(request);
    const now = options.clock.now();
    const claimed = await options.db.insert(idempotencyKeys)
      .values({ scope, key, fingerprint, createdAt: now })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 1) {
      request.idempotency = { scope, key, secret };
      return;
    }
    const [previous] = await options.db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    if (!previous) throw new IdempotencyKeyInFlight();
    if (previous.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
    if (previous.status === null) {
      if (now.getTime() - previous.createdAt.getTime() < staleAfterMs) throw new IdempotencyKeyInFlight();
      const taken = await options.db.update(idempotencyKeys).set({ createdAt: now })
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), eq(idempotencyKeys.createdAt, previous.createdAt)))
        .returning({ key: idempotencyKeys.key });
      if (taken.length !== 1) throw new IdempotencyKeyInFlight();
      request.idempotency = { scope, key, secret };
      return;
    }
    // The first answer may hold a secret (a status link, a transaction code): its replay is not cached either.
    reply.header('idempotency-replayed', 'true').header('cache-control', 'no-store');
    if (previous.contentType) reply.type(previous.contentType);
    return reply.code(previous.status).send(previous.body ? openBody(previous.body, secret, scope) : '');
  });

  server.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    const where = and(eq(idempotencyKeys.scope, claim.scope), eq(idempotencyKeys.key, claim.key));
    if (reply.statusCode >= 500 || (typeof payload !== 'string' && payload !== null && payload !== undefined && !Buffer.isBuffer(payload))) {
      await options.db.delete(idempotencyKeys).where(where);
      return payload;
    }
    const body = payload === null || payload === undefined ? '' : payload.toString();
    const contentType = reply.getHeader('content-type');
    await options.db.update(idempotencyKeys).set({
      status: reply.statusCode,
      contentType: typeof contentType === 'string' ? contentType : null,
      body: sealBody(body, claim.secret, claim.scope),
      completedAt: options.clock.now(),
    }).where(where);
    return payload;
  });
}

/** Removes remembered responses older than `maxAgeMs` (24 h is what clients are told). */
export async function pruneIdempotencyKeys(db: Database, clock: Clock, maxAgeMs = 24 * 3600_000): Promise<number> {
  const removed = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(clock.now().getTime() - maxAgeMs))).returning({ key: idempotencyKeys.key });
  return removed.length;
}

/** The stored form of a key: its SHA-256, so the table cannot be used to replay or unseal. */
function lookupKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

function bodyKey(secret: string, scope: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, scope, 'tessera idempotency response v1', 32));
}

/** `v1.<iv>.<ciphertext+tag>`; the scope is bound as associated data. */
function sealBody(body: string, secret: string, scope: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', bodyKey(secret, scope), iv);
  cipher.setAAD(Buffer.from(scope));
  const sealed = Buffer.concat([cipher.update(body, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `v1.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

function openBody(stored: string, secret: string, scope: string): string {
  const [version, iv, sealed] = stored.split('.');
  if (version !== 'v1' || !iv || !sealed) throw new IdempotencyRecordUnreadable();
  const bytes = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', bodyKey(secret, scope), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(scope));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
}

function fingerprintOf(request: FastifyRequest): string {
  const hash = createHash('sha256').update(`${request.method} ${request.url}\n`);
  hashValue(hash, request.body);
  return hash.digest('base64url');
}

function hashValue(hash: ReturnType<typeof createHash>, value: unknown): void {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    hash.update(`b${value.length}:`).update(value);
  } else if (Array.isArray(value)) {
    hash.update('[');
    for (const v of value) hashValue(hash, v);
    hash.update(']');
  } else if (value && typeof value === 'object') {
    hash.update('{');
    for (const k of Object.keys(value).sort()) {
      hash.update(JSON.stringify(k));
      hashValue(hash, (value as Record<string, unknown>)[k]);
    }
    hash.update('}');
  } else {
    hash.update(JSON.stringify(value ?? null));
  }
}
