// SPDX-License-Identifier: Apache-2.0
import type { Clock, Database } from '@tessera/platform';
import type { MessageSigningKey } from '../message-log/message-signature.ts';
import type { ConfigurationClient } from '../registry/configuration-client.ts';

/** A service this gateway provides to the exchange, on its organisation's own network. */
export interface LocalService {
  /** Where the information system serves it, e.g. http://127.0.0.1:8080/population. */
  baseUrl: string;
  /** Its OpenAPI description, answered by getOpenAPI. */
  openapi?: unknown;
}

/** The part of a pino logger (Fastify's) a gateway uses. */
export interface GatewayLogger {
  error(details: object, message: string): void;
}

/** A member hosted on a gateway it does not own: its own signing key there and the services it provides through it. */
export interface HostedMember {
  memberClass: string;
  memberCode: string;
  /** Its certificate's common name is the member's identifier, instance/class/code (see `messageSigner`). */
  signing: MessageSigningKey;
  /** Provided services by `${subsystemCode}/${serviceCode}`. */
  services?: Record<string, LocalService>;
}

export interface GatewayOptions {
  instance: string;
  /** This gateway: its owner member and server code. */
  id: { memberClass: string; memberCode: string; serverCode: string };
  configuration: ConfigurationClient;
  /** The gateway's TLS authentication key and certificate (PEM), as registered in the registry. */
  tls: { key: string; cert: string };
  /** The member's message signing key and its certificate. */
  signing: MessageSigningKey;
  /** Message log and data tracker storage. */
  db: Database;
  clock: Clock;
  /** Where the gateway reports what goes wrong inside it (faults it answers with are not logged here). */
  logger: GatewayLogger;
  /** For OCSP checks of peer certificates. */
  fetch: typeof fetch;
  /**
   * Where each client's requests per minute are counted: in this process (the default), or
   * `shared` in `db` (the platform's rate-limit table, from its idempotency migrations), as every
   * process of one gateway behind a load balancer must.
   */
  rateLimits?: 'process' | 'shared';
  /** Provided services by `${subsystemCode}/${serviceCode}`. */
  services: Record<string, LocalService>;
  /**
   * Other members whose subsystems this gateway hosts (X-Road: a security server's clients), as
   * the registry lists them: each signs with its own key and certificate, never the owner's.
   */
  hosted?: readonly HostedMember[];
  limits?: {
    /** Largest request or response body (default 50 MiB). */
    maxBodyBytes?: number;
    /** Bodies up to this size are held in memory while passing through (default 16 MiB); larger ones are spooled to a temporary file. */
    memoryBodyBytes?: number;
    /** Most bytes of bodies the gateway holds in memory at once (default 256 MiB); a body that would pass it is spooled to a temporary file. */
    bodyMemoryBytes?: number;
    /** Bodies up to this size are kept in the message log (default 1 MiB); larger ones by hash only. */
    keepBodyBytes?: number;
    /** Time allowed for the other gateway or the service to answer (default 30 s). */
    timeoutMs?: number;
    /** Requests per minute one client subsystem may send through this gateway (default 600). */
    requestsPerMinute?: number;
    /**
     * How long a connection to another gateway may sit unused in the pool before this gateway
     * closes it (default 20 s). The provider side keeps an idle connection open three times as
     * long, so the side that reuses a connection is always the side that closes it.
     */
    idleConnectionMs?: number;
  };
}

export const DEFAULT_LIMITS = { maxBodyBytes: 50 * 1024 * 1024, memoryBodyBytes: 16 * 1024 * 1024, bodyMemoryBytes: 256 * 1024 * 1024, keepBodyBytes: 1024 * 1024, timeoutMs: 30_000, requestsPerMinute: 600, idleConnectionMs: 20_000 };
