// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { isDataSubject, recordDataAccess, requireDeclaration, type DataAccessDeclaration } from '../data-tracker/data-access.ts';
import { digestHash, sha512Base64, signMessage, type MessageDigest, type MessageSigningKey } from '../message-log/message-signature.ts';
import type { GlobalConfiguration } from '../registry/configuration-document.ts';
import { findService, isAccessAllowed, messageSigner, servesSubsystem } from '../registry/configuration-lookup.ts';
import { sameService, sameSubsystem } from '../registry/identifiers.ts';
import {
  AccessDenied, BadRequest, gatewayErrorOf, InvalidSignature, ServerProxyNetworkError, ServiceFailed, SslAuthenticationFailed, UnknownService,
} from '../exchange-errors.ts';
import { formatClientId, formatServiceId, parseClientHeader, parseGatewayPath, type ClientId, type ServiceId } from '../protocol/identifiers.ts';
import { listMethodsJson } from '../protocol/metadata.ts';
import { parseMessageId, XRoadHeader } from '../protocol/request-headers.ts';
import { headerPairs, requestHash } from '../protocol/request-hash.ts';
import { DATA_SUBJECT_HEADER, headersHash, PURPOSE_HEADER, requestPairs, signedRequestHeaders, signedResponseHeaders, SIGNATURE_HEADER, single } from './gateway-headers.ts';
import { peerCertificateOf, spoolLimits, type ClientProxyContext } from './client-proxy.ts';
import { memberOn, type MemberOnGateway } from './hosted-members.ts';
import { spoolBody } from './spool.ts';

/**
 * The gateway as other gateways see it, over mutual TLS: it admits only registered gateways
 * (certificate pinned by the registry, chain and OCSP), checks the sending member's signature
 * over the request, the client's access right, and the data tracker's declaration, calls the
 * service, and returns its answer signed and bound to the request (X-Road-Request-Hash).
 */
export async function handleProviderRequest(c: ClientProxyContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const messageId = parseMessageId(req.headers[XRoadHeader.id]) ?? 'unknown';
  c.metrics.count('provider', res);
  let verified: MessageDigest | undefined;
  /** Whether the request row is in this gateway's log, to be made durable by whatever answers it. */
  let logged = false;
  try {
    const config = c.o.configuration.current();
    const peerDer = peerCertificateOf(req.socket as TLSSocket);
    if (!peerDer) throw new SslAuthenticationFailed('A gateway must present its TLS certificate.', { side: 'ServerProxy' });
    const peer = await c.peers.check(peerDer, config);
    if (!peer.ok) throw new SslAuthenticationFailed(peer.reason, { side: 'ServerProxy' });

    const pathAndQuery = req.url ?? '/';
    const target = parseGatewayPath(pathAndQuery);
    if (target.kind === 'listClients') throw new BadRequest('listClients is answered by the client’s own gateway.');
    const client = parseClientHeader(req.headers[XRoadHeader.client]);
    if (!client.subsystemCode || client.instance !== c.o.instance || !servesSubsystem(config, peer.gateway, registryClient(client))) {
      throw new AccessDenied(`${formatClientId(client)} is not served by the calling gateway.`);
    }
    const service: ServiceId = target.kind === 'service' ? target.service : { ...target.provider, serviceCode: target.kind };
    // The provider's member is this gateway's owner or one it hosts; its key signs the answer.
    const provider = service.instance === c.o.instance && servesSubsystem(config, c.o.id, service) ? memberOn(c.o, service) : undefined;
    if (!provider) throw new UnknownService(`${formatServiceId(service)} is not provided through this gateway.`);

    const body = await spoolBody(req, spoolLimits(c));
    try {
      const signed = signedRequestHeaders(req.headers);
      const pairs = requestPairs(req.method ?? 'GET', pathAndQuery, signed);
      const request = await verifiedRequest(c, config, single(req.headers[SIGNATURE_HEADER]), {
        messageId, client: formatClientId(client), service: formatServiceId(service), method: req.method ?? 'GET', path: pathAndQuery, headersHash: headersHash(pairs), bodyHash: body.hash,
      }, messageSigner(c.o.instance, peer.gateway, client));
      verified = request.digest;
      // In the log (its X-Road-Id taken) before the service is called; on disk with the answer, which is logged durably before it is sent.
      await c.messageLog.write({ digest: request.digest, signature: request.signature, ...(body.kept ? { body: body.kept, bodyHash: body.hash } : {}) }, 'withAnswer');
      logged = true;

      if (target.kind !== 'service') return await metadata(c, res, config, client, service, target, request.digest, pairs, body.digest, provider);

      const entry = findService(config, registryService(service));
      const local = provider.services[`${service.subsystemCode}/${service.serviceCode}`];
      if (!entry || !local) throw new UnknownService(`${formatServiceId(service)} is not a registered service of this gateway.`);
      if (!isAccessAllowed(config, registryClient(client), registryService(service), req.method ?? 'GET', target.servicePath || '/')) {
        throw new AccessDenied(`${formatClientId(client)} may not call ${req.method} ${target.servicePath || '/'} on ${formatServiceId(service)}.`);
      }
      const declared = entry.handlesPersonalData ? requireDeclaration(single(req.headers[DATA_SUBJECT_HEADER]), single(req.headers[PURPOSE_HEADER])) : null;
      const upstream = await callService(c, local.baseUrl + target.servicePath + target.query, req.method ?? 'GET', {
        ...signed,
        [XRoadHeader.client]: formatClientId(client),
        [XRoadHeader.service]: formatServiceId(service),
        [XRoadHeader.id]: messageId,
      }, body.open());
      if (declared) await recordAccessAsAnswered(c, upstream, declared, { messageId, client: formatClientId(client), service: formatServiceId(service) });
      await respondSigned(c, res, upstream.statusCode ?? 200, upstream.headers, upstream, request.digest, pairs, body.digest, provider.signing);
    } finally {
      await body.discard();
    }
  } catch (error) {
    await sendSignedFault(c, req, res, error, messageId, verified, logged).catch((failure: unknown) => {
      c.log(failure);
      res.destroy();
    });
  }
}

/**
 * Whose data an answer holds is said by the service that gave it, not by the caller: the access
 * is recorded under the subject the service names (X-Tessera-Data-Subject on its response), so no
 * client can hide a read from a person's data tracker by declaring someone else, and an answer
 * about another person than the declared one is not passed on. A successful answer that names no
 * subject is refused too: nobody could be told of that read.
 */
async function recordAccessAsAnswered(c: ClientProxyContext, upstream: IncomingMessage, declared: DataAccessDeclaration, message: { messageId: string; client: string; service: string }): Promise<void> {
  const answered = single(upstream.headers[DATA_SUBJECT_HEADER]);
  const succeeded = (upstream.statusCode ?? 500) < 300;
  if (answered === undefined && !succeeded) return;
  if (answered === undefined || !isDataSubject(answered)) {
    upstream.resume();
    throw new ServiceFailed('The service handles personal data but its answer does not name whose (X-Tessera-Data-Subject).');
  }
  await recordDataAccess(c.o.db, c.o.clock, { subject: answered, purpose: declared.purpose, gateway: c.name, side: 'provider', ...message });
  if (answered !== declared.subject) {
    upstream.resume();
    throw new AccessDenied('The answer is about another person than the declared data subject: it is not passed on.');
  }
}

/**
 * A fault in the protocol's form (see send-error.ts), signed like any response so the client's
 * gateway can check who made it and log it: over the message as it arrived and, once the request
 * was verified, bound to it by requestHash. When the request is in this gateway's log the fault is
 * logged too, as its answer, durably before it is sent (which also puts the request on disk).
 */
async function sendSignedFault(
  c: ClientProxyContext, req: IncomingMessage, res: ServerResponse, error: unknown, messageId: string, request: MessageDigest | undefined, requestLogged: boolean,
): Promise<void> {
  const fault = gatewayErrorOf(error, 'ServerProxy');
  if (fault !== error) c.log(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = Buffer.from(JSON.stringify(fault.toBody(messageId)));
  const signedHeaders = { 'content-type': 'application/json' };
  const digest: MessageDigest = {
    messageId, direction: 'response',
    client: request?.client ?? (single(req.headers[XRoadHeader.client]) || '-'),
    service: request?.service ?? '-',
    method: req.method || 'GET', path: req.url || '/',
    headersHash: headersHash(headerPairs(signedHeaders)), bodyHash: sha512Base64(body),
    ...(request ? { requestHash: digestHash(request) } : {}),
    at: c.o.clock.now().toISOString(),
  };
  const signature = await signMessage(digest, c.o.signing);
  if (requestLogged) await c.messageLog.write({ digest, signature, body: new Uint8Array(body) });
  const [name, value] = fault.header();
  // A body we stopped reading (too large, refused early) leaves the connection unusable: close it.
  const close = req.complete ? {} : { connection: 'close' };
  res.sendDate = false;
  for (const [header, v] of Object.entries({ ...signedHeaders, [name]: value, [XRoadHeader.id]: messageId, [SIGNATURE_HEADER]: signature, ...close })) res.setHeader(header, v);
  res.writeHead(fault.status);
  res.end(body);
}

/** The request as the client's gateway signed it; every field must match what arrived. */
async function verifiedRequest(c: ClientProxyContext, config: GlobalConfiguration, signature: string | undefined, arrived: Omit<MessageDigest, 'direction' | 'at'>, sender: string) {
  if (!signature) throw new InvalidSignature('The request is not signed.');
  const verified = await c.peers.verifySignature(signature, config, sender);
  if (!verified.ok) throw new InvalidSignature(`The request signature does not verify: ${verified.reason}`);
  const d = verified.digest;
  for (const key of ['messageId', 'client', 'service', 'method', 'path', 'headersHash', 'bodyHash'] as const) {
    if (d[key] !== arrived[key]) throw new InvalidSignature(`The signed ${key} does not match the request that arrived.`);
  }
  if (d.direction !== 'request') throw new InvalidSignature('The signature is not over a request.');
  return { digest: d, signature };
}

function callService(c: ClientProxyContext, url: string, method: string, headers: Record<string, string | string[]>, body: NodeJS.ReadableStream): Promise<IncomingMessage> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(target, { method, headers, timeout: c.limits.timeoutMs });
    request.on('timeout', () => request.destroy(new ServiceFailed('The service did not answer in time.')));
    request.on('response', resolve);
    request.on('error', (error) => reject(error instanceof ServiceFailed ? error : new ServerProxyNetworkError('The service could not be reached.', { cause: error })));
    body.pipe(request);
  });
}

/** Signs, logs and sends a response bound to its request. The service's own errors pass through as they are. */
async function respondSigned(
  c: ClientProxyContext, res: ServerResponse, status: number, headers: IncomingMessage['headers'], source: NodeJS.ReadableStream,
  request: MessageDigest, pairs: ReturnType<typeof requestPairs>, requestBodyDigest: Uint8Array | undefined, signing: MessageSigningKey,
): Promise<void> {
  const body = await spoolBody(source as IncomingMessage, spoolLimits(c));
  try {
    const responseHeaders = signedResponseHeaders(headers);
    const digest: MessageDigest = {
      ...request, direction: 'response', headersHash: headersHash(headerPairs(responseHeaders)),
      bodyHash: body.hash, requestHash: digestHash(request), at: c.o.clock.now().toISOString(),
    };
    const signature = await signMessage(digest, signing);
    await c.messageLog.write({ digest, signature, ...(body.kept ? { body: body.kept, bodyHash: body.hash } : {}) });
    // Only signed headers: Node's own Date would be a header the signature does not cover.
    res.sendDate = false;
    res.writeHead(status, {
      ...responseHeaders,
      [XRoadHeader.client]: request.client,
      [XRoadHeader.service]: request.service,
      [XRoadHeader.id]: request.messageId,
      [XRoadHeader.requestId]: randomUUID(),
      [XRoadHeader.requestHash]: requestHash(pairs, requestBodyDigest),
      [SIGNATURE_HEADER]: signature,
    });
    await new Promise<void>((resolve, reject) => body.open().on('error', reject).pipe(res).on('finish', resolve).on('error', reject));
  } finally {
    await body.discard();
  }
}

/** listMethods, allowedMethods and getOpenAPI (PR-MREST), answered from the global configuration. */
async function metadata(
  c: ClientProxyContext, res: ServerResponse, config: GlobalConfiguration, client: ClientId, service: ServiceId,
  target: Exclude<ReturnType<typeof parseGatewayPath>, { kind: 'service' | 'listClients' }>, request: MessageDigest, pairs: ReturnType<typeof requestPairs>, bodyDigest: Uint8Array | undefined,
  provider: MemberOnGateway,
): Promise<void> {
  const provided = config.services.filter((s) => s.memberClass === service.memberClass && s.memberCode === service.memberCode && s.subsystemCode === service.subsystemCode);
  const json = (value: unknown, status = 200) => respondSigned(c, res, status, { 'content-type': 'application/json' }, readableOf(JSON.stringify(value)), request, pairs, bodyDigest, provider.signing);
  if (target.kind === 'getOpenAPI') {
    const local = provider.services[`${service.subsystemCode}/${target.serviceCode}`];
    if (!local?.openapi) throw new UnknownService(`No OpenAPI description of ${target.serviceCode}.`);
    return json(local.openapi);
  }
  const visible = target.kind === 'allowedMethods'
    ? provided.filter((s) => config.accessRights.some((r) => sameSubsystem(r.client, registryClient(client)) && sameService(r.service, s)))
    : provided;
  return json(listMethodsJson(visible.map((s) => ({
    id: { instance: config.instance, memberClass: s.memberClass, memberCode: s.memberCode, subsystemCode: s.subsystemCode, serviceCode: s.serviceCode, ...(s.serviceVersion ? { serviceVersion: s.serviceVersion } : {}) },
    type: s.type, endpoints: s.endpoints,
  }))));
}

const readableOf = (text: string): NodeJS.ReadableStream => Readable.from([Buffer.from(text)]);

const registryClient = (id: ClientId) => ({ memberClass: id.memberClass, memberCode: id.memberCode, subsystemCode: id.subsystemCode ?? '' });
const registryService = (id: ServiceId) => ({ memberClass: id.memberClass, memberCode: id.memberCode, subsystemCode: id.subsystemCode, serviceCode: id.serviceCode, ...(id.serviceVersion ? { serviceVersion: id.serviceVersion } : {}) });
