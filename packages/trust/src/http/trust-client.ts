// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { BasicConstraintsExtension, X509Certificate } from '@peculiar/x509';
import type { KeyStore } from '../ca/key-store.ts';
import { sameBytes } from '../crypto/same-bytes.ts';
import type { AuthorityRole } from '../register/hierarchy-store.ts';
import { certificationRequest, type ServiceCertification } from '../register/service-enrolment.ts';
import { EnrolmentRefused, TrustAnchorsRefused } from '../trust-errors.ts';
import { AUTHORITIES_PATH, ENROLMENT_PATH } from './service-enrolment-routes.ts';

/** The CA hierarchy as a service elsewhere trusts it: fetched from the trust services, checked against the pinned root. */
export interface PinnedAuthorities {
  root: X509Certificate;
  byRole: ReadonlyMap<AuthorityRole, X509Certificate>;
  /** Absolute OCSP responder URL of each issuing CA that has one. */
  ocsp: ReadonlyMap<AuthorityRole, string>;
  /** In the shape loadTrustAnchors gives (path validation, card sign-in). */
  anchors: { roots: X509Certificate[]; intermediates: X509Certificate[]; cardAuthentication: X509Certificate[] };
}

const ROLES: readonly AuthorityRole[] = ['root', 'card-auth', 'card-sign', 'gateway', 'services'];
const sha256Hex = (der: ArrayBuffer) => createHash('sha256').update(new Uint8Array(der)).digest('hex');

/**
 * Fetches the CA certificates the trust services publish and trusts them only if the root is the
 * one pinned (SHA-256 of its DER, set by the operator at installation) and every issuing CA is a
 * CA certificate signed by that root. Anything else refuses (TrustAnchorsRefused): a service that
 * cannot establish its anchors does not start.
 */
export async function fetchPinnedAuthorities(o: { trustUrl: string; rootSha256: string; fetch: typeof fetch }): Promise<PinnedAuthorities> {
  const pin = o.rootSha256.trim().toLowerCase().replaceAll(':', '');
  if (!/^[0-9a-f]{64}$/.test(pin)) throw new TrustAnchorsRefused('the pinned root fingerprint is not a SHA-256 in hex');
  let body: unknown;
  try {
    const response = await o.fetch(new URL(AUTHORITIES_PATH, o.trustUrl), { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new TrustAnchorsRefused(`the trust services answered HTTP ${response.status}`);
    body = await response.json();
  } catch (error) {
    if (error instanceof TrustAnchorsRefused) throw error;
    throw new TrustAnchorsRefused('the trust services could not be reached', { cause: error });
  }
  const listed = (body as { authorities?: unknown } | null)?.authorities;
  if (!Array.isArray(listed)) throw new TrustAnchorsRefused('the answer lists no authorities');
  const byRole = new Map<AuthorityRole, X509Certificate>();
  const ocsp = new Map<AuthorityRole, string>();
  for (const entry of listed as Array<{ role?: unknown; certificate?: unknown; ocsp?: unknown }>) {
    const role = ROLES.find((r) => r === entry.role);
    if (!role || typeof entry.certificate !== 'string' || byRole.has(role)) throw new TrustAnchorsRefused('an authority is unknown, repeated or has no certificate');
    byRole.set(role, new X509Certificate(Buffer.from(entry.certificate, 'base64')));
    if (typeof entry.ocsp === 'string') ocsp.set(role, new URL(entry.ocsp, o.trustUrl).toString());
  }
  const root = byRole.get('root');
  if (!root) throw new TrustAnchorsRefused('no root is published');
  if (sha256Hex(root.rawData) !== pin) throw new TrustAnchorsRefused('the root is not the one pinned');
  for (const [role, certificate] of byRole) {
    if (role === 'root') continue;
    const ca = certificate.getExtension(BasicConstraintsExtension);
    const signed = certificate.issuer === root.subject && await certificate.verify({ publicKey: root.publicKey, signatureOnly: true });
    if (!ca?.ca || !signed) throw new TrustAnchorsRefused(`the ${role} CA is not a CA signed by the pinned root`);
  }
  const issuing = [...byRole].filter(([role]) => role !== 'root').map(([, c]) => c);
  return { root, byRole, ocsp, anchors: { roots: [root], intermediates: issuing, cardAuthentication: byRole.has('card-auth') ? [byRole.get('card-auth')!] : [] } };
}

/**
 * Certificates for keys of the service's own key store, asked of the trust services over the
 * wire: a PKCS#10 request signed by the key, the organisation's bearer token. What comes back is
 * used only if it is for that key, signed by the pinned services CA and names the subject asked.
 */
export function remoteServiceCertification(o: { trustUrl: string; token: string; keyStore: KeyStore; authorities: PinnedAuthorities; fetch: typeof fetch }): ServiceCertification {
  const services = o.authorities.byRole.get('services');
  return {
    keyStore: o.keyStore,
    async chain() {
      if (!services) throw new EnrolmentRefused('the trust services publish no services CA');
      return [services];
    },
    async certify(profile, keyLabel, subject) {
      if (!services) throw new EnrolmentRefused('the trust services publish no services CA');
      const csr = await certificationRequest(o.keyStore, keyLabel, subject);
      let body: { certificate?: unknown };
      try {
        const response = await o.fetch(new URL(ENROLMENT_PATH, o.trustUrl), {
          method: 'POST', headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ profile, csr: Buffer.from(csr).toString('base64') }), signal: AbortSignal.timeout(15_000),
        });
        if (!response.ok) {
          const problem = await response.json().catch(() => ({})) as { code?: string; detail?: string };
          throw new EnrolmentRefused(`HTTP ${response.status}${problem.code ? ` ${problem.code}` : ''}${problem.detail ? `: ${problem.detail}` : ''}`);
        }
        body = await response.json() as { certificate?: unknown };
      } catch (error) {
        if (error instanceof EnrolmentRefused) throw error;
        throw new EnrolmentRefused('the trust services could not be reached', { cause: error });
      }
      if (typeof body.certificate !== 'string') throw new EnrolmentRefused('the answer holds no certificate');
      const certificate = new X509Certificate(Buffer.from(body.certificate, 'base64'));
      const ours = new Uint8Array(await crypto.subtle.exportKey('spki', await o.keyStore.publicKey(keyLabel)));
      if (!sameBytes(new Uint8Array(certificate.publicKey.rawData), ours)) throw new EnrolmentRefused('the certificate is not for our key');
      if (certificate.issuer !== services.subject || !(await certificate.verify({ publicKey: services.publicKey, signatureOnly: true }))) {
        throw new EnrolmentRefused('the certificate is not signed by the pinned services CA');
      }
      const exactly = (field: string, value: string) => { const found = certificate.subjectName.getField(field); return found.length === 1 && found[0] === value; };
      if (!exactly('CN', subject.commonName) || !exactly('O', subject.organization)) throw new EnrolmentRefused('the certificate names another subject');
      return { certificate, chain: [services] };
    },
  };
}
