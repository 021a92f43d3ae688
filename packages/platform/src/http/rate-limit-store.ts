// SPDX-License-Identifier: Apache-2.0
import { lt, sql } from 'drizzle-orm';
import type { Clock } from '../time/clock.ts';
import type { Database } from '../storage/database.ts';
import { rateLimits } from './idempotency-schema.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A store for @fastify/rate-limit that keeps its counters in PostgreSQL: one atomic upsert per
 * request, so every process sharing the database counts the same attempts. The plugin builds a
 * store per route with `child`, whose keys are prefixed by the route.
 */
export function databaseRateLimitStore(db: Database, clock: Clock) {
  return class DatabaseRateLimitStore {
    readonly prefix: string;

    constructor(_options?: unknown, prefix = '') {
      this.prefix = prefix;
    }

    incr(key: string, callback: Callback, timeWindow: number, _max: number): void {
      const now = clock.now();
      const expired = new Date(now.getTime() - timeWindow).toISOString();
      const at = now.toISOString();
      db.insert(rateLimits).values({ key: this.prefix + key, count: 1, windowStart: now })
        .onConflictDoUpdate({
          target: rateLimits.key,
          set: {
            count: sql`case when ${rateLimits.windowStart} <= ${expired}::timestamptz then 1 else ${rateLimits.count} + 1 end`,
            windowStart: sql`case when ${rateLimits.windowStart} <= ${expired}::timestamptz then ${at}::timestamptz else ${rateLimits.windowStart} end`,
          },
        })
        .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart })
        .then(([row]) => callback(null, { current: row!.count, ttl: Math.max(0, timeWindow - (now.getTime() - row!.windowStart.getTime())) }), (error: Error) => callback(error));
    }

    // The plugin passes the route's merged options, with the route itself under `routeInfo`.
    child(routeOptions: object): DatabaseRateLimitStore {
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      return new DatabaseRateLimitStore(undefined, `${this.prefix}${String(route?.method)} ${String(route?.url)} `);
    }
  };
}

/** Forgets counters whose window ended before `before` (run from a scheduled job). */
export async function pruneRateLimits(db: Database, before: Date): Promise<number> {
  return (await db.delete(rateLimits).where(lt(rateLimits.windowStart, before)).returning({ key: rateLimits.key })).length;
}
