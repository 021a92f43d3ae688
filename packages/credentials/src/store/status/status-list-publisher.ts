// SPDX-License-Identifier: Apache-2.0
import { StatusList, createHeaderAndPayload } from '@sd-jwt/jwt-status-list';
import { eq } from 'drizzle-orm';
import { expectRow, NotFound, type Clock, type Database } from '@tessera/platform';
import { STATUS_BITS } from '../../domain/status/credential-status.ts';
import { statusLists } from '../schema.ts';
import { readStatus } from './status-lists.ts';

export interface StatusListSigner {
  x5c: string[];
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export interface StatusListPublisher {
  /** The signed Status List Token (`statuslist+jwt`) of one list, re-signed only after a change. */
  token(list: number): Promise<string>;
  uri(list: number): string;
}

/** Verifiers may cache a token this long (the `ttl` claim); a change is visible to them within it. */
export const STATUS_TTL_SECONDS = 30;
const TOKEN_LIFETIME_SECONDS = 3600;

/**
 * Publishes the status lists as signed JWTs (draft-ietf-oauth-status-list §5). The token of a
 * list is cached with the list's revision and re-signed when the revision moves or half its
 * lifetime has passed, so a revocation is served at once while an unchanged list costs one
 * indexed read per request.
 */
export function statusListPublisher(deps: { db: Database; clock: Clock; baseUrl: string; signer: () => Promise<StatusListSigner> }): StatusListPublisher {
  const cache = new Map<number, { revision: number; token: string; renewAt: number }>();
  /** Tokens being signed, by list and revision: requests arriving together share one encoding and signature. */
  const signing = new Map<string, Promise<string>>();
  const uri = (list: number) => `${deps.baseUrl}/status-lists/${list}`;
  const sign = async (list: number, now: number): Promise<string> => {
    const row = expectRow(await deps.db.select().from(statusLists).where(eq(statusLists.id, list)));
    const statuses = Array.from({ length: row.size }, (_, i) => readStatus(row.statuses, i));
    const signer = await deps.signer();
    const iat = Math.floor(now / 1000);
    const { header, payload } = createHeaderAndPayload(new StatusList(statuses, STATUS_BITS), { sub: uri(list), iat, exp: iat + TOKEN_LIFETIME_SECONDS, ttl: STATUS_TTL_SECONDS }, { alg: 'ES256', typ: 'statuslist+jwt', x5c: signer.x5c });
    const input = `${b64(header)}.${b64(payload)}`;
    const token = `${input}.${Buffer.from(await signer.sign(new TextEncoder().encode(input))).toString('base64url')}`;
    // Two signings of different revisions may finish out of order: the newer one is kept.
    if ((cache.get(list)?.revision ?? 0) <= row.revision) cache.set(list, { revision: row.revision, token, renewAt: now + (TOKEN_LIFETIME_SECONDS * 1000) / 2 });
    return token;
  };
  return {
    uri,
    async token(list) {
      const [head] = await deps.db.select({ revision: statusLists.revision }).from(statusLists).where(eq(statusLists.id, list));
      if (!head) throw new NotFound('There is no such status list.');
      const now = deps.clock.now().getTime();
      const cached = cache.get(list);
      if (cached && cached.revision === head.revision && cached.renewAt > now) return cached.token;
      const key = `${list} ${head.revision}`;
      let pending = signing.get(key);
      if (!pending) {
        pending = sign(list, now).finally(() => signing.delete(key));
        signing.set(key, pending);
      }
      return pending;
    },
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
