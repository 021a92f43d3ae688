// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Name as AsnName, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { Name, Pkcs10CertificateRequest, X509Certificate } from '@peculiar/x509';
import { appendEvent } from '@tessera/platform';
import { gatewaySigning, mdocDocumentSigner } from '../ca/certificate-profiles.ts';
import type { KeyStore } from '../ca/key-store.ts';
import type { OrganisationSubject } from '../ca/subject-names.ts';
import { p1363ToDer } from '../crypto/ecdsa-signature.ts';
import { normalizeSerialHex } from '../ocsp/certificate-status.ts';
import { CertificateInputInvalid } from '../trust-errors.ts';
import { caCertificates, loadAuthority } from './hierarchy-store.ts';
import { certificates } from './schema.ts';
import type { TrustDeps } from './trust-deps.ts';

/**
 * What a service of another organisation may have certified by the services CA: the signing
 * certificates of the credential issuer (SD-JWT VCs and status lists), its mdoc document signer
 * and the request-signing certificates of the relying parties the verifier registers.
 */
export const SERVICE_PROFILES = {
  'credential-issuer': gatewaySigning,
  'mdoc-document-signer': mdocDocumentSigner,
  'relying-party': gatewaySigning,
} as const;

export type ServiceProfile = keyof typeof SERVICE_PROFILES;

export const isServiceProfile = (value: unknown): value is ServiceProfile => typeof value === 'string' && Object.hasOwn(SERVICE_PROFILES, value);

/** A certificate from the services CA and the chain above it, the root left out (the relying party holds it). */
export interface ServiceCertificate {
  certificate: X509Certificate;
  chain: X509Certificate[];
}

/**
 * How a service obtains its signing certificates, whether the trust services run in its process
 * (`localServiceCertification`, the one-process federation) or are reached over the wire with a
 * certification request (`remoteServiceCertification`). The keys are the service's own, in its
 * key store; only public keys (and proofs of possession) go to the CA.
 */
export interface ServiceCertification {
  keyStore: KeyStore;
  certify(profile: ServiceProfile, keyLabel: string, subject: OrganisationSubject): Promise<ServiceCertificate>;
  /** The CA certificates that go in x5c after a certificate this service holds. */
  chain(): Promise<X509Certificate[]>;
}

const DAY = 86_400_000;
const VALIDITY_DAYS = 365;

/**
 * Issues one certificate of a service profile from the services CA, recorded in the certificate
 * register (so it can be revoked and its CRL lists it) with an event in the transparency log.
 */
export async function enrolServiceCertificate(
  deps: TrustDeps,
  request: { profile: ServiceProfile; subject: OrganisationSubject; publicKey: CryptoKey },
  actor: string,
): Promise<ServiceCertificate> {
  const ca = await loadAuthority(deps.db, deps.keyStore, 'services');
  const now = deps.clock.now();
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const notAfter = new Date(Math.min(notBefore.getTime() + VALIDITY_DAYS * DAY, ca.certificate.notAfter.getTime()));
  const certificate = await SERVICE_PROFILES[request.profile](ca, { subject: request.subject, publicKey: request.publicKey, notBefore, notAfter, urls: ca.urls });
  const serial = normalizeSerialHex(certificate.serialNumber);
  await deps.db.transaction(async (tx) => {
    await tx.insert(certificates).values({
      serial, issuer: 'services', cardId: null, usage: request.profile, subject: certificate.subject,
      notBefore: certificate.notBefore, notAfter: certificate.notAfter, der: Buffer.from(certificate.rawData), status: 'good', updatedAt: now,
    });
    await appendEvent(tx, { context: 'trust', type: 'service_certificate.issued', subject: request.subject.commonName, actor, at: now, data: { profile: request.profile, serial } });
  });
  return { certificate, chain: [ca.certificate] };
}

/** The trust services in this process: keys in their key store, certificates straight from the services CA. */
export function localServiceCertification(deps: TrustDeps, actor: string): ServiceCertification {
  return {
    keyStore: deps.keyStore,
    async certify(profile, keyLabel, subject) {
      return enrolServiceCertificate(deps, { profile, subject, publicKey: await deps.keyStore.publicKey(keyLabel) }, actor);
    },
    async chain() {
      return (await caCertificates(deps.db)).filter((c) => c.role === 'services').map((c) => c.certificate);
    },
  };
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

/** A PKCS#10 certification request (RFC 2986) for a P-256 key in the key store, signed by it: the proof of possession. */
export async function certificationRequest(keyStore: KeyStore, keyLabel: string, subject: OrganisationSubject): Promise<Uint8Array> {
  const signer = await keyStore.signer(keyLabel);
  const name = new Name([{ CN: [subject.commonName] }, { O: [subject.organization] }, { C: [subject.country] }]);
  const spki = await crypto.subtle.exportKey('spki', signer.publicKey);
  const info = new CertificationRequestInfo({
    subject: AsnConvert.parse(name.toArrayBuffer(), AsnName),
    subjectPKInfo: AsnConvert.parse(spki, SubjectPublicKeyInfo),
  });
  const tbs = new Uint8Array(AsnConvert.serialize(info));
  const signature = p1363ToDer(signer.algorithm.namedCurve, await signer.sign(tbs));
  const request = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 }),
    signature: new Uint8Array(signature).buffer,
  });
  return new Uint8Array(AsnConvert.serialize(request));
}

// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const TEXT = /^[^\u0000-\u001f\u007f]{1,64}$/u;

/**
 * Reads a certification request as the trust services accept it: it must verify under its own
 * key (proof of possession), be a P-256 key, and name exactly CN, O and C. Anything else is refused.
 */
export async function readCertificationRequest(der: Uint8Array): Promise<{ subject: OrganisationSubject; publicKey: CryptoKey }> {
  let csr: Pkcs10CertificateRequest;
  try {
    csr = new Pkcs10CertificateRequest(new Uint8Array(der));
  } catch (cause) {
    throw new CertificateInputInvalid('The certification request is not DER PKCS#10.', { cause });
  }
  if ((csr.publicKey.algorithm as EcKeyAlgorithm).namedCurve !== 'P-256') throw new CertificateInputInvalid('The certification request must be for a P-256 key.');
  if (!(await csr.verify())) throw new CertificateInputInvalid('The certification request’s signature does not verify under its key.');
  const fields = csr.subjectName.toJSON().flatMap((rdn) => Object.entries(rdn).flatMap(([type, values]) => values.map((value) => ({ type, value }))));
  const only = (type: string) => {
    const found = fields.filter((f) => f.type === type);
    if (found.length !== 1 || !TEXT.test(found[0]!.value)) throw new CertificateInputInvalid(`The certification request must name exactly one ${type}.`);
    return found[0]!.value;
  };
  const subject = { commonName: only('CN'), organization: only('O'), country: only('C') };
  if (fields.length !== 3) throw new CertificateInputInvalid('The certification request may name only CN, O and C.');
  if (!/^[A-Z]{2}$/.test(subject.country)) throw new CertificateInputInvalid('The country must be an ISO 3166-1 alpha-2 code.');
  return { subject, publicKey: await csr.publicKey.export() };
}
