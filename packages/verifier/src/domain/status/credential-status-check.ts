// SPDX-License-Identifier: Apache-2.0
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { compactVerify, decodeProtectedHeader } from 'jose';
import type { Clock } from '@tessera/platform';
import { trustedIssuerKey, type IssuerTrust } from '../trust/issuer-trust.ts';
import { refuse } from '../verifier-errors.ts';

/** Fetches a Status List Token (`statuslist+jwt`) by its URI: the network port of the status check. */
export type StatusListFetcher = (uri: string) => Promise<string>;

interface CachedList {
  /** The token this list was read from: an unchanged token is not verified or decoded again. */
  token: string;
  statusOf(idx: number): number;
  until: number;
  exp: number;
}

/**
 * Coalesces loads without serving anything older than the call: a call while no load runs starts
 * one; calls while one runs (it started before them) share the next load, started as soon as the
 * running one settles. So however many presentations are checked at once, a list is fetched,
 * verified and decoded at most twice in a row, and each check still reads the list as published
 * after it began. A failed load refuses its callers and is never kept.
 */
export function freshLoads<T>(run: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  let queued: Promise<T> | null = null;
  const launch = (): Promise<T> => {
    const load = run();
    running = load;
    const settled = () => {
      if (running === load) running = null;
    };
    load.then(settled, settled);
    return load;
  };
  return () => {
    if (!running) return launch();
    queued ??= running.then(() => undefined, () => undefined).then(() => {
      queued = null;
      return launch();
    });
    return queued;
  };
}

export interface StatusCheck {
  /** Throws ERR_CREDENTIAL_REVOKED / _SUSPENDED / ERR_STATUS_UNAVAILABLE unless the entry is valid. */
  check(reference: unknown, iss: string): Promise<void>;
}

/**
 * Token Status List checks (draft-ietf-oauth-status-list §8): the list token is verified like
 * a credential (same trusted issuer as the credential it speaks for, exact `sub`, unexpired)
 * and kept until its `ttl` (capped by `maxAgeSeconds`) or `exp`, whichever comes first, so a
 * revocation is seen within the issuer's ttl; past that the list is fetched again, and verified
 * and decoded again only if the token changed. Checks arriving together share a list's fetch,
 * verification and decoding (freshLoads), never one begun before they were. A list that cannot
 * be fetched or verified refuses the presentation (fail closed), it is never taken as "valid".
 */
export function credentialStatusCheck(deps: { trust: IssuerTrust; clock: Clock; fetch: StatusListFetcher; maxAgeSeconds: number }): StatusCheck {
  const cache = new Map<string, CachedList>();
  /** Per list: its loads, shared by the checks waiting at the same time (see freshLoads). */
  const loaders = new Map<string, () => Promise<CachedList>>();
  const load = (uri: string, iss: string): Promise<CachedList> => {
    const key = `${iss} ${uri}`;
    const cached = cache.get(key);
    if (cached && cached.until > deps.clock.now().getTime()) return Promise.resolve(cached);
    let loader = loaders.get(key);
    if (!loader) {
      loader = freshLoads(() => fetchList(uri, iss, key));
      loaders.set(key, loader);
    }
    return loader();
  };
  const fetchList = async (uri: string, iss: string, key: string): Promise<CachedList> => {
    const now = deps.clock.now().getTime();
    const cached = cache.get(key);
    let token: string;
    try {
      token = await deps.fetch(uri);
    } catch {
      return refuse('ERR_STATUS_UNAVAILABLE');
    }
    // The issuer re-signs a list only when it changes: the same token needs no second verification or decoding.
    if (cached && cached.token === token && cached.exp > now) return cached;
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return refuse('ERR_STATUS_UNAVAILABLE', 'The status list is not a JWT.');
    }
    if (header.typ !== 'statuslist+jwt' || header.alg !== 'ES256') refuse('ERR_STATUS_UNAVAILABLE', 'The status list token has the wrong type.');
    let payload: Record<string, unknown>;
    try {
      const { key } = trustedIssuerKey(deps.trust, header.x5c, iss, new Date(now));
      payload = JSON.parse(new TextDecoder().decode((await compactVerify(token, key, { algorithms: ['ES256'] })).payload));
    } catch {
      return refuse('ERR_STATUS_UNAVAILABLE', 'The status list token is not signed by the credential’s issuer.');
    }
    if (payload.sub !== uri) refuse('ERR_STATUS_UNAVAILABLE', 'The status list token is for another list.');
    const exp = typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
    if (exp <= now) refuse('ERR_STATUS_UNAVAILABLE', 'The status list token has expired.');
    const ttl = typeof payload.ttl === 'number' ? payload.ttl : 0;
    const list = getListFromStatusListJWT(token);
    const entry: CachedList = { token, statusOf: (idx) => list.getStatus(idx), until: Math.min(exp, now + Math.min(ttl, deps.maxAgeSeconds) * 1000), exp };
    cache.set(key, entry);
    return entry;
  };
  return {
    async check(reference, iss) {
      const ref = (reference as { status_list?: { idx?: unknown; uri?: unknown } } | undefined)?.status_list;
      if (!ref || !Number.isInteger(ref.idx) || typeof ref.uri !== 'string') return refuse('ERR_STATUS_UNAVAILABLE', 'The credential has no status list entry.');
      const list = await load(ref.uri, iss);
      let status: number;
      try {
        status = list.statusOf(ref.idx as number);
      } catch {
        return refuse('ERR_STATUS_UNAVAILABLE', 'The status list has no such entry.');
      }
      if (status === 0x01) refuse('ERR_CREDENTIAL_REVOKED');
      if (status === 0x02) refuse('ERR_CREDENTIAL_SUSPENDED');
      if (status !== 0x00) refuse('ERR_STATUS_UNAVAILABLE', 'The status is not one this verifier knows.');
    },
  };
}
