// SPDX-License-Identifier: Apache-2.0
import { createHash, timingSafeEqual } from 'node:crypto';
import Type from 'typebox';
import { Unauthenticated, ValidationFailed, type Server } from '@tessera/platform';
import { caCertificates } from '../register/hierarchy-store.ts';
import { enrolServiceCertificate, isServiceProfile, readCertificationRequest, SERVICE_PROFILES } from '../register/service-enrolment.ts';
import type { TrustDeps } from '../register/trust-deps.ts';

/** An organisation allowed to enrol service keys, known by the SHA-256 of its bearer token. */
export interface EnrolmentClient {
  name: string;
  tokenSha256: Uint8Array;
}

/** Where services of other organisations get their certificates and the CA certificates they pin. */
export const ENROLMENT_PATH = '/enrol/v1/certificates';
export const AUTHORITIES_PATH = '/certs/authorities.json';

const b64 = (der: ArrayBuffer) => Buffer.from(der).toString('base64');

/**
 * The trust services' enrolment interface for services that run in another organisation's
 * process (the credential issuer and verifier): a PKCS#10 request signed by the service's own
 * key, authenticated with the organisation's bearer token, answered with a certificate of the
 * asked profile from the services CA and its chain. The key never leaves the service.
 *
 * Beside it, every CA certificate by role (public, like `/certs/bundle.pem`), for relying parties
 * that pin the root and must tell the issuing CAs apart.
 */
export function registerServiceEnrolment(server: Server, deps: TrustDeps, o: { clients: EnrolmentClient[]; ocspPaths: ReadonlyMap<string, string> }): void {
  server.get(AUTHORITIES_PATH, { schema: { hide: true } }, async (_request, reply) => {
    const all = await caCertificates(deps.db);
    return reply.header('cache-control', 'no-cache').send({
      authorities: all.map((c) => ({ role: c.role, certificate: b64(c.certificate.rawData), ...(o.ocspPaths.has(c.role) ? { ocsp: o.ocspPaths.get(c.role) } : {}) })),
    });
  });

  const Body = Type.Object({ profile: Type.String({ maxLength: 64 }), csr: Type.String({ maxLength: 8192 }) }, { additionalProperties: false });
  server.post(ENROLMENT_PATH, { schema: { hide: true, body: Body }, config: { rateLimit: { max: 120, timeWindow: '1 minute' } } }, async (request, reply) => {
    const client = clientOf(o.clients, request.headers.authorization);
    if (!client) throw new Unauthenticated('Enrolment needs the organisation’s bearer token.');
    const { profile, csr } = request.body;
    if (!isServiceProfile(profile)) throw new ValidationFailed([{ code: 'unknown_profile', path: '/profile', message: `Ask for one of: ${Object.keys(SERVICE_PROFILES).join(', ')}.` }]);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(csr)) throw new ValidationFailed([{ code: 'not_base64', path: '/csr', message: 'The request is base64 DER PKCS#10.' }]);
    const read = await readCertificationRequest(new Uint8Array(Buffer.from(csr, 'base64')));
    const issued = await enrolServiceCertificate(deps, { profile, ...read }, `enrolment:${client.name}`);
    return reply.header('cache-control', 'no-store').send({ certificate: b64(issued.certificate.rawData), chain: issued.chain.map((c) => b64(c.rawData)) });
  });
}

/** The client whose token this is, compared in constant time on its hash; none for a missing or unknown token. */
function clientOf(clients: EnrolmentClient[], authorization: string | undefined): EnrolmentClient | undefined {
  const match = /^Bearer ([A-Za-z0-9._~+/-]{16,512}=*)$/.exec(authorization ?? '');
  if (!match) return undefined;
  const hash = createHash('sha256').update(match[1]!).digest();
  return clients.find((c) => c.tokenSha256.byteLength === 32 && timingSafeEqual(hash, c.tokenSha256));
}

export const tokenSha256 = (token: string) => new Uint8Array(createHash('sha256').update(token).digest());
