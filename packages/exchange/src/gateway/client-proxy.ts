// SPDX-License-Identifier: Apache-2.0
import { request as httpsRequest, type Agent } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { MessageLogWriter } from '../message-log/message-log.ts';
import { digestHash, signMessage, type MessageDigest } from '../message-log/message-signature.ts';
import { recordDataAccess, requireDeclaration } from '../data-tracker/data-access.ts';
import { findService, gatewaysOf, messageSigner, servesSubsystem } from '../registry/configuration-lookup.ts';
import type { GlobalConfiguration } from '../registry/configuration-document.ts';
import {
  BadRequest, ClientProxyNetworkError, DuplicateMessageId, InconsistentResponse, InvalidClientIdentifier, InvalidSecurityServer, IsAuthenticationFailed, SslAuthenticationFailed, UnknownMember,
} from '../exchange-errors.ts';
import { formatClientId, formatServiceId, type ClientId, parseClientHeader, parseGatewayPath, parseSecurityServerHeader, type ServiceId } from '../protocol/identifiers.ts';
import { listClientsJson, listClientsXml } from '../protocol/metadata.ts';
import { messageIdOrNew, parseIssue, parseRepresentedParty, parseUserId, XRoadHeader, formatRepresentedParty } from '../protocol/request-headers.ts';
import { headerPairs, requestHash } from '../protocol/request-hash.ts';
import { DATA_SUBJECT_HEADER, headersHash, PURPOSE_HEADER, requestPairs, signedRequestHeaders, signedResponseHeaders, SIGNATURE_HEADER, single } from './gateway-headers.ts';
import type { GatewayOptions } from './gateway-options.ts';
import { authenticateClient, CLIENT_CREDENTIAL_HEADER } from './client-credentials.ts';
import { memberOn } from './hosted-members.ts';
import { gatewayName, type PeerTrust } from './peer-trust.ts';
import type { ClientRateLimit } from './rate-limiter.ts';
import type { GatewayMetrics } from './gateway-metrics.ts';
import { sendGatewayError } from './send-error.ts';
import { spoolBody, type BodyMemory, type SpoolLimits } from './spool.ts';

export interface ClientProxyContext {
  o: GatewayOptions;
  limits: Required<NonNullable<GatewayOptions['limits']>>;
  name: string;
  peers: PeerTrust;
  rate: ClientRateLimit;
  metrics: GatewayMetrics;
  /** What the bodies passing through may hold in memory at once. */
  bodyMemory: BodyMemory;
  /** This gateway's message log, written with group commit. */
  messageLog: MessageLogWriter;
  /** Keeps TLS connections to other gateways open between messages. */
  agent: Agent;
  log: (error: unknown) => void;
}

/**
 * The gateway as its organisation's information systems see it: X-Road's REST interface
 * (`/r1/...` with `X-Road-Client`). It signs and logs the request, forwards it over mutual TLS
 * to the provider's gateway, checks that the signed response answers this very request, logs
 * it, and hands it back with the protocol's headers.
 */
export async function handleClientRequest(c: ClientProxyContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const messageId = messageIdOrNew(req.headers[XRoadHeader.id]);
  if (req.url === '/healthz' || req.url === '/metrics') return void c.metrics.serve(req.url, res, c.o.configuration);
  c.metrics.count('client', res);
  try {
    const pathAndQuery = req.url ?? '/';
    const target = parseGatewayPath(pathAndQuery);
    const config = c.o.configuration.current();
    if (target.kind === 'listClients') return listClients(res, req, config, target.instance);

    const client = parseClientHeader(req.headers[XRoadHeader.client]);
    // The owner's subsystems or a hosted member's, as the registry lists them: signed with that member's key.
    const member = client.subsystemCode && client.instance === c.o.instance && servesSubsystem(config, c.o.id, { ...client, subsystemCode: client.subsystemCode }) ? memberOn(c.o, client) : undefined;
    if (!member) throw new InvalidClientIdentifier(`${formatClientId(client)} is not a subsystem served by this gateway.`);
    // Before anything is counted, signed or logged as that member: the caller must prove it is that very subsystem.
    await authenticateInformationSystem(c, client, req.headers[CLIENT_CREDENTIAL_HEADER]);
    await c.rate.take(formatClientId(client));
    const service: ServiceId = target.kind === 'service' ? target.service : { ...target.provider, serviceCode: target.kind };
    const provider = chooseGateway(config, service, req.headers[XRoadHeader.securityServer]);
    const declared = findService(config, service)?.handlesPersonalData
      ? requireDeclaration(single(req.headers[DATA_SUBJECT_HEADER]), single(req.headers[PURPOSE_HEADER]))
      : null;

    const body = await spoolBody(req, spoolLimits(c));
    try {
      // The credential is between the information system and this gateway: never signed, logged or forwarded.
      const { [CLIENT_CREDENTIAL_HEADER]: _credential, ...callerHeaders } = req.headers;
      const signed = signedRequestHeaders(callerHeaders);
      const pairs = requestPairs(req.method ?? 'GET', pathAndQuery, signed);
      const digest: MessageDigest = {
        messageId, direction: 'request', client: formatClientId(client), service: formatServiceId(service), method: req.method ?? 'GET', path: pathAndQuery,
        headersHash: headersHash(pairs), bodyHash: body.hash, at: c.o.clock.now().toISOString(),
      };
      const signature = await signMessage(digest, member.signing);
      try {
        // Taken and in the log before it is sent; on disk with its answer, which is logged durably before it is passed on.
        await c.messageLog.write({ digest, signature, ...(body.kept ? { body: body.kept, bodyHash: body.hash } : {}) }, 'withAnswer');
      } catch (error) {
        if (error instanceof DuplicateMessageId) throw new BadRequest(`X-Road-Id ${messageId} was already used; give each request its own.`);
        throw error;
      }
      if (declared) await recordDataAccess(c.o.db, c.o.clock, { ...declared, gateway: c.name, side: 'client', messageId, client: digest.client, service: digest.service });

      const outgoing: Record<string, string | string[]> = {
        ...signed,
        [XRoadHeader.client]: formatClientId(client),
        [XRoadHeader.id]: messageId,
        [SIGNATURE_HEADER]: signature,
        ...optionalXRoadHeaders(req),
      };
      const upstream = await forward(c, provider, req.method ?? 'GET', pathAndQuery, outgoing, body.open(), config);
      await relayResponse(c, res, upstream, { digest, pairs, bodyDigest: body.digest, provider, config, client: formatClientId(client), service: formatServiceId(service), signer: messageSigner(c.o.instance, provider, service) });
    } finally {
      await body.discard();
    }
  } catch (error) {
    sendGatewayError(req, res, error, 'ClientProxy', messageId, c.log);
  }
}

/**
 * Information-system authentication (X-Road's IS authentication of a security server's
 * clients), failing closed. A hosted member's subsystem always needs its own credential: the
 * client port of a shared gateway is reachable by every hosted organisation's systems, and
 * X-Road-Client alone would let any of them sign as any other. On a gateway that hosts anyone,
 * so do the owner's own subsystems, for the same reason. Only on a gateway that hosts nobody may
 * the owner's subsystems call without one: its client port serves the owner's own systems alone
 * (in the federation its in-process systems on loopback; X-Road's plain-HTTP connection type for
 * a client on its own security server), and every existing caller stays as it was. A credential
 * that is presented is checked wherever it is.
 */
async function authenticateInformationSystem(c: ClientProxyContext, client: ClientId, presented: string | string[] | undefined): Promise<void> {
  const owner = client.memberClass === c.o.id.memberClass && client.memberCode === c.o.id.memberCode;
  const hostsOthers = (c.o.hosted?.length ?? 0) > 0;
  if (presented === undefined && owner && !hostsOthers) return;
  const secret = typeof presented === 'string' ? presented : undefined;
  if (!(await authenticateClient(c.o.db, c.name, client, secret))) {
    throw new IsAuthenticationFailed(`The information system is not authenticated as ${formatClientId(client)}.`);
  }
}

function optionalXRoadHeaders(req: IncomingMessage): Record<string, string> {
  const userId = parseUserId(req.headers[XRoadHeader.userId]);
  const issue = parseIssue(req.headers[XRoadHeader.issue]);
  const party = parseRepresentedParty(req.headers[XRoadHeader.representedParty]);
  return {
    ...(userId ? { [XRoadHeader.userId]: userId } : {}),
    ...(issue ? { [XRoadHeader.issue]: issue } : {}),
    ...(party ? { [XRoadHeader.representedParty]: formatRepresentedParty(party) } : {}),
  };
}

/** How bodies are read: kept in memory up to the in-memory limit (never below what the log keeps), spooled above it. */
export const spoolLimits = (c: ClientProxyContext): SpoolLimits => ({ limit: c.limits.maxBodyBytes, keepUpTo: c.limits.keepBodyBytes, inMemory: Math.max(c.limits.memoryBodyBytes, c.limits.keepBodyBytes), memory: c.bodyMemory });

/** The peer certificate of a TLS connection, read once per connection rather than once per message. */
const peerCertificates = new WeakMap<TLSSocket, Uint8Array | undefined>();
export function peerCertificateOf(socket: TLSSocket): Uint8Array | undefined {
  if (peerCertificates.has(socket)) return peerCertificates.get(socket);
  const raw = socket.getPeerCertificate?.().raw;
  const der = raw ? new Uint8Array(raw) : undefined;
  peerCertificates.set(socket, der);
  return der;
}

function chooseGateway(config: GlobalConfiguration, service: ServiceId, securityServer: string | string[] | undefined) {
  const candidates = gatewaysOf(config, service);
  const wanted = parseSecurityServerHeader(securityServer);
  if (wanted) {
    const named = candidates.find((g) => g.serverCode === wanted.serverCode && g.memberClass === wanted.memberClass && g.memberCode === wanted.memberCode);
    if (!named) throw new InvalidSecurityServer(`No gateway ${wanted.serverCode} serves ${formatServiceId(service)}.`);
    return named;
  }
  const first = candidates[0];
  if (!first) throw new UnknownMember(`No gateway is registered for ${service.memberClass}/${service.memberCode}.`);
  return first;
}

/** Sends the request to the provider's gateway, whose TLS certificate must be the registered one. */
function forward(c: ClientProxyContext, provider: ReturnType<typeof chooseGateway>, method: string, path: string, headers: Record<string, string | string[]>, body: NodeJS.ReadableStream, config: GlobalConfiguration): Promise<IncomingMessage> {
  const address = new URL(provider.address);
  return new Promise((resolve, reject) => {
    const request = httpsRequest({
      host: address.hostname, port: address.port || 443, method, path, headers,
      key: c.o.tls.key, cert: c.o.tls.cert, agent: c.agent,
      // The peer is checked against the registry, not against a public CA store: see below.
      rejectUnauthorized: false,
      timeout: c.limits.timeoutMs,
    });
    request.on('socket', (socket) => {
      const tls = socket as TLSSocket;
      // Every request checks the peer, on a fresh connection once it is up, on a reused one at once.
      const checkPeer = () => {
        const der = peerCertificateOf(tls);
        if (!der) return void request.destroy(new SslAuthenticationFailed('The provider’s gateway presented no certificate.'));
        void c.peers.check(der, config).then((peer) => {
          if (!peer.ok || peer.gateway.serverCode !== provider.serverCode || peer.gateway.memberCode !== provider.memberCode) {
            request.destroy(new SslAuthenticationFailed(peer.ok ? 'The provider answered with another gateway’s certificate.' : peer.reason));
            return;
          }
          body.pipe(request);
        }, (error: unknown) => request.destroy(error as Error));
      };
      if (tls.connecting) tls.once('secureConnect', checkPeer);
      else checkPeer();
    });
    request.on('timeout', () => request.destroy(new ClientProxyNetworkError('The provider’s gateway did not answer in time.')));
    request.on('response', resolve);
    request.on('error', (error) => reject(error instanceof SslAuthenticationFailed ? error : new ClientProxyNetworkError('The provider’s gateway could not be reached.', { cause: error })));
  });
}

/** Checks the signed response against the request it answers, logs it, and passes it on. */
async function relayResponse(
  c: ClientProxyContext, res: ServerResponse, upstream: IncomingMessage,
  r: { digest: MessageDigest; pairs: ReturnType<typeof requestPairs>; bodyDigest: Uint8Array | undefined; provider: ReturnType<typeof chooseGateway>; config: GlobalConfiguration; client: string; service: string; signer: string },
): Promise<void> {
  const fault = upstream.headers[XRoadHeader.error];
  const body = await spoolBody(upstream, spoolLimits(c));
  try {
    const signature = single(upstream.headers[SIGNATURE_HEADER]);
    if (!signature) throw new InconsistentResponse(`The provider’s gateway sent an unsigned ${fault ? 'fault' : 'response'}.`);
    // A fault is the provider gateway's own word; an answer is signed by the service's member (its owner or a hosted member).
    const verified = await c.peers.verifySignature(signature, r.config, fault ? gatewayName(r.provider, c.o.instance) : r.signer);
    if (!verified.ok) throw new InconsistentResponse(`The ${fault ? 'fault' : 'response'} signature does not verify: ${verified.reason}`);
    const responseHeaders = signedResponseHeaders(upstream.headers);
    const d = verified.digest;
    const expectedHash = requestHash(r.pairs, r.bodyDigest);
    const problems = [
      d.direction === 'response' && d.messageId === r.digest.messageId ? null : 'answers another message',
      d.bodyHash === body.hash ? null : 'body was changed',
      d.headersHash === headersHash(headerPairs(responseHeaders)) ? null : 'headers were changed',
      ...(fault ? faultProblems(d, r.digest, String(fault), body.kept) : [
        d.requestHash === digestHash(r.digest) ? null : 'is not bound to this request',
        single(upstream.headers[XRoadHeader.requestHash]) === expectedHash ? null : 'X-Road-Request-Hash does not match the request',
      ]),
    ].filter(Boolean);
    if (problems.length > 0) throw new InconsistentResponse(`The ${fault ? 'fault' : 'response'} ${problems.join(', ')}.`);
    await c.messageLog.write({ digest: d, signature, ...(body.kept ? { body: body.kept, bodyHash: body.hash } : {}) });
    res.writeHead(upstream.statusCode ?? 200, fault
      // A fault the provider's gateway made: passed on as it is, so the caller sees its type.
      ? { 'content-type': 'application/json', [XRoadHeader.error]: String(fault), [XRoadHeader.id]: r.digest.messageId }
      : {
        ...responseHeaders,
        [XRoadHeader.client]: r.client,
        [XRoadHeader.service]: r.service,
        [XRoadHeader.id]: r.digest.messageId,
        [XRoadHeader.requestId]: String(upstream.headers[XRoadHeader.requestId] ?? ''),
        [XRoadHeader.requestHash]: expectedHash,
      });
    await new Promise<void>((resolve, reject) => body.open().on('error', reject).pipe(res).on('finish', resolve).on('error', reject));
  } finally {
    await body.discard();
  }
}

/**
 * A signed fault answers this message when it names what was sent and, once the provider had
 * verified the request, is bound to it; its X-Road-Error must be the type its signed body states.
 */
function faultProblems(d: MessageDigest, request: MessageDigest, type: string, body: Uint8Array | undefined): Array<string | null> {
  let stated: unknown;
  try {
    stated = body ? (JSON.parse(Buffer.from(body).toString('utf8')) as { type?: unknown }).type : undefined;
  } catch {
    stated = undefined;
  }
  return [
    d.method === request.method && d.path === request.path ? null : 'names another request',
    d.requestHash === undefined || d.requestHash === digestHash(request) ? null : 'is not bound to this request',
    stated === type ? null : 'states another fault type than its X-Road-Error',
  ];
}

function listClients(res: ServerResponse, req: IncomingMessage, config: GlobalConfiguration, instance: string | undefined): void {
  const members = config.members.flatMap((m) => [
    { id: { instance: config.instance, memberClass: m.memberClass, memberCode: m.memberCode }, name: m.name },
    ...m.subsystems.map((s) => ({ id: { instance: config.instance, memberClass: m.memberClass, memberCode: m.memberCode, subsystemCode: s }, name: m.name })),
  ]).filter((m) => !instance || m.id.instance === instance);
  if ((req.headers.accept ?? '').includes('application/json')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(listClientsJson(members)));
  } else {
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(listClientsXml(members));
  }
}
