// SPDX-License-Identifier: Apache-2.0
import { compactVerify } from 'jose';
import { Compile } from 'typebox/compile';
import type { Clock } from '@tessera/platform';
import { GLOBAL_CONFIGURATION_TYP, GlobalConfigurationSchema, jwsAlgorithm, type GlobalConfiguration } from './configuration-document.ts';
import {
  ConfigurationExpired, ConfigurationMalformed, ConfigurationOtherInstance, ConfigurationRefused, ConfigurationRollback, ConfigurationSerialReused,
  ConfigurationSignatureInvalid, ConfigurationTooLarge, ConfigurationUnreachable, OutdatedGlobalConf,
} from '../exchange-errors.ts';

/** Where a gateway keeps the last verified JWS, so it can start while the registry is down. */
export interface ConfigurationStore {
  load(): Promise<string | null>;
  save(jws: string): Promise<void>;
}

export interface ConfigurationClientOptions {
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  /** The registry's `GET /exchange/global-configuration`. */
  url: string;
  /** The registry's public key: the trust anchor, distributed out of band, never downloaded. */
  publicKey: CryptoKey;
  /** The instance this gateway belongs to; a configuration for another one is refused. */
  instance: string;
  clock: Clock;
  store?: ConfigurationStore;
  /** Gives up on a download after this long (default 30 s), keeping the current copy. */
  timeoutMs?: number;
  /** Largest accepted download (default 16 MiB). */
  maxBytes?: number;
}

export interface RefreshResult {
  ok: boolean;
  /** Why the download was not taken; the previous copy, if any, stays in use. */
  error?: string;
  /** The stable code of that refusal (a `ConfigurationRefused` row of the exchange's error table). */
  code?: string;
  /** The serial in use after this refresh. */
  serial?: number;
  /** Set when the configuration was taken but could not be saved to the store. */
  warning?: string;
}

export interface ConfigurationClient {
  /** Downloads, verifies and, if newer, takes the registry's configuration. Never throws. */
  refresh(): Promise<RefreshResult>;
  /** The configuration to work with; throws OutdatedGlobalConf when there is none or it has expired. */
  current(): GlobalConfiguration;
}

// Compiled once, on first use: every gateway checks every configuration it is handed, and the
// interpreted `Value.Check` of a whole federation's document took some 20 ms each time.
let checkConfiguration: ReturnType<typeof Compile<typeof GlobalConfigurationSchema>> | undefined;
const isGlobalConfiguration = (document: unknown): document is GlobalConfiguration => (checkConfiguration ??= Compile(GlobalConfigurationSchema)).Check(document);

interface Accepted {
  jws: string;
  payload: string;
  document: GlobalConfiguration;
  expiresAt: number;
}

/**
 * The gateway's side of the global configuration. A download is taken only when its signature
 * verifies with the anchor key, it is for this instance, it has not expired, and its serial is
 * not lower than the one in use (so a replayed old copy cannot bring back a revoked right or a
 * removed gateway). Anything else — the registry down, a bad signature, a rollback — leaves the
 * last valid copy in use until it expires; then `current()` throws, because working on stale
 * trust data is worse than not working.
 */
export function createConfigurationClient(options: ConfigurationClientOptions): ConfigurationClient {
  const algorithm = jwsAlgorithm(options.publicKey);
  let accepted: Accepted | null = null;
  let loaded = false;
  // refreshes run one at a time, so two overlapping ones cannot take copies out of order
  let queue: Promise<unknown> = Promise.resolve();

  async function verify(jws: string): Promise<Omit<Accepted, 'jws'>> {
    let payloadBytes: Uint8Array;
    try {
      const result = await compactVerify(jws, options.publicKey, { algorithms: [algorithm] });
      // the same key might sign other things one day; only a JWS typed as a configuration is one
      if (result.protectedHeader.typ !== GLOBAL_CONFIGURATION_TYP) throw new ConfigurationSignatureInvalid(`signature not valid (typ is ${String(result.protectedHeader.typ)})`);
      payloadBytes = result.payload;
    } catch (error) {
      if (error instanceof ConfigurationSignatureInvalid) throw error;
      throw new ConfigurationSignatureInvalid(`signature not valid (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    const payload = new TextDecoder().decode(payloadBytes);
    let document: unknown;
    try {
      document = JSON.parse(payload);
    } catch {
      throw new ConfigurationMalformed('payload is not JSON');
    }
    if (!isGlobalConfiguration(document)) throw new ConfigurationMalformed('payload is not a version 1 global configuration');
    if (document.instance !== options.instance) throw new ConfigurationOtherInstance(`configuration is for instance ${document.instance}, not ${options.instance}`);
    const expiresAt = Date.parse(document.expiresAt);
    if (Number.isNaN(expiresAt) || Number.isNaN(Date.parse(document.issuedAt))) throw new ConfigurationMalformed('issuedAt or expiresAt is not a date');
    if (expiresAt <= options.clock.now().getTime()) throw new ConfigurationExpired(`configuration ${document.serial} expired at ${document.expiresAt}`);
    return { payload, document: deepFreeze(document), expiresAt };
  }

  /** Checks a verified candidate against the copy in use; true when it should replace it. */
  function isNewer(candidate: Omit<Accepted, 'jws'>): boolean {
    if (!accepted) return true;
    const { serial } = candidate.document;
    if (serial < accepted.document.serial) throw new ConfigurationRollback(`serial ${serial} is older than ${accepted.document.serial} in use (rollback refused)`);
    if (serial === accepted.document.serial) {
      if (candidate.payload !== accepted.payload) throw new ConfigurationSerialReused(`serial ${serial} was reused for a different configuration`);
      return false;
    }
    return true;
  }

  async function loadStored(): Promise<void> {
    loaded = true;
    if (!options.store) return;
    try {
      const jws = await options.store.load();
      if (jws) accepted = { jws, ...(await verify(jws)) };
    } catch {
      // a stored copy that is unreadable, tampered with or expired is no copy at all
    }
  }

  async function download(): Promise<string> {
    let response: Response;
    try {
      response = await options.fetch(options.url, { headers: { accept: 'application/jose' }, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    } catch (error) {
      throw new ConfigurationUnreachable(`registry unreachable (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    if (!response.ok) throw new ConfigurationUnreachable(`registry answered ${response.status}`);
    const body = await response.text();
    if (body.length > (options.maxBytes ?? 16 * 1024 * 1024)) throw new ConfigurationTooLarge('configuration larger than allowed');
    return body.trim();
  }

  async function refreshOnce(): Promise<RefreshResult> {
    if (!loaded) await loadStored();
    try {
      const jws = await download();
      const candidate = await verify(jws);
      if (!isNewer(candidate)) return { ok: true, serial: candidate.document.serial };
      accepted = { jws, ...candidate };
      try {
        await options.store?.save(jws);
      } catch (error) {
        return { ok: true, serial: candidate.document.serial, warning: `could not save the configuration (${error instanceof Error ? error.message : String(error)})` };
      }
      return { ok: true, serial: candidate.document.serial };
    } catch (error) {
      if (!(error instanceof ConfigurationRefused)) throw error;
      return { ok: false, error: error.message, code: error.code, ...(accepted ? { serial: accepted.document.serial } : {}) };
    }
  }

  return {
    refresh() {
      const run = queue.then(refreshOnce);
      queue = run.catch(() => undefined);
      return run;
    },
    current() {
      if (!accepted) throw new OutdatedGlobalConf('No verified global configuration is available yet.');
      if (options.clock.now().getTime() >= accepted.expiresAt) {
        throw new OutdatedGlobalConf(`The global configuration (serial ${accepted.document.serial}) expired at ${accepted.document.expiresAt}.`);
      }
      return accepted.document;
    },
  };
}

/** Gateway code gets the verified document itself; freezing it stops a lookup from changing it for everyone. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
