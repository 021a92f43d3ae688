// SPDX-License-Identifier: Apache-2.0
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { Agent, createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { MessageLogWriter } from '../message-log/message-log.ts';
import { handleClientRequest, type ClientProxyContext } from './client-proxy.ts';
import { DEFAULT_LIMITS, type GatewayOptions, type HostedMember } from './gateway-options.ts';
import { gatewayName, PeerTrust } from './peer-trust.ts';
import { RateLimiter, SharedRateLimiter } from './rate-limiter.ts';
import { GatewayMetrics } from './gateway-metrics.ts';
import { handleProviderRequest } from './server-proxy.ts';
import { BodyMemory } from './spool.ts';

export interface RunningGateway {
  /** For the organisation's own information systems (plain HTTP on its internal network). */
  clientUrl: string;
  /** For other gateways (mutual TLS); the address registered in the registry. */
  providerUrl: string;
  /**
   * Serves and signs with another identity from now on, without a restart (a renewal): new TLS
   * connections of the provider side present its certificate, requests to other gateways and
   * every message signature use its keys. Open connections keep the certificate they were made
   * with until their current answer, then close; the client side's pooled connections are keyed
   * by certificate, so new ones are made.
   */
  useIdentity(identity: Pick<GatewayOptions, 'tls' | 'signing'>): void;
  /**
   * Signs for its hosted members with these keys from now on (their renewal): each message is
   * signed with the key its member has when it is sent; what was signed before stays verifiable.
   */
  useHosted(hosted: readonly HostedMember[]): void;
  close(): Promise<void>;
}

/**
 * Starts a gateway ("security server"): the client side on plain HTTP for the organisation's
 * information systems, the provider side on HTTPS with client certificates for other gateways.
 * The data plane is node:http rather than Fastify because a gateway proxies raw streams, which a
 * framework's body parsing would only get in the way of.
 */
export async function startGateway(o: GatewayOptions, listen: { host: string; clientPort: number; providerPort: number }): Promise<RunningGateway> {
  const limits = { ...DEFAULT_LIMITS, ...o.limits };
  const name = gatewayName(o.id, o.instance);
  const log = (error: unknown) => o.logger.error({ err: error, gateway: name }, 'gateway error');
  const context: ClientProxyContext = {
    o, limits, log, name,
    bodyMemory: new BodyMemory(limits.bodyMemoryBytes),
    messageLog: new MessageLogWriter(o.db, { gateway: name, clock: o.clock, maxStoredBodyBytes: limits.keepBodyBytes }),
    peers: new PeerTrust(o.fetch, () => o.clock.now()),
    rate: o.rateLimits === 'shared'
      ? new SharedRateLimiter(o.db, o.clock, limits.requestsPerMinute, name)
      : new RateLimiter(limits.requestsPerMinute, () => o.clock.now().getTime()),
    metrics: new GatewayMetrics(),
    // No TLS session resumption: a resumed session carries no peer certificate, and every
    // connection must show the registered one. Keep-alive still spares most handshakes.
    // An idle pooled connection is closed here first (`timeout` bounds a free socket's idle time;
    // without it Node keeps one until the peer closes it, and a request sent just as the peer's
    // keep-alive timer fires is lost with ECONNRESET, a NetworkError fault to the caller).
    agent: new Agent({ keepAlive: true, maxSockets: 64, maxCachedSessions: 0, timeout: limits.idleConnectionMs }),
  };
  const client = createHttpServer((req, res) => void handleClientRequest(context, req, res));
  // Which identity each provider-side connection was made under: after a renewal, peers must not
  // keep sending over a connection that shows the certificate the registry no longer lists.
  let identityGeneration = 0;
  const connectedUnder = new WeakMap<object, number>();
  const provider = createHttpsServer({ key: o.tls.key, cert: o.tls.cert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    if ((connectedUnder.get(req.socket) ?? identityGeneration) < identityGeneration) res.shouldKeepAlive = false;
    void handleProviderRequest(context, req, res);
  });
  provider.on('secureConnection', (socket) => connectedUnder.set(socket, identityGeneration));
  // Longer than any peer keeps our connection idle in its pool (see `idleConnectionMs`): the peer closes it, never we under its request.
  provider.keepAliveTimeout = 3 * limits.idleConnectionMs;
  const clientUrl = await listenOn(client, listen.host, listen.clientPort, 'http');
  const providerUrl = await listenOn(provider, listen.host, listen.providerPort, 'https');
  return {
    clientUrl,
    providerUrl,
    useIdentity(identity) {
      provider.setSecureContext({ key: identity.tls.key, cert: identity.tls.cert });
      context.o = { ...context.o, tls: identity.tls, signing: identity.signing };
      identityGeneration++;
      // Idle connections under the old certificate close now; busy ones after their answer.
      provider.closeIdleConnections();
    },
    useHosted(hosted) {
      context.o = { ...context.o, hosted };
    },
    async close() {
      context.agent.destroy();
      await Promise.all([client, provider].map((s) => new Promise<void>((done) => {
        s.close(() => done());
        s.closeAllConnections();
      })));
    },
  };
}

function listenOn(server: HttpServer | HttpsServer, host: string, port: number, scheme: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(`${scheme}://${host}:${(server.address() as AddressInfo).port}`));
  });
}
