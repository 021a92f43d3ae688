// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import {
  AuthorityInfoAccessExtension, AuthorityKeyIdentifierExtension, BasicConstraintsExtension, CertificatePolicyExtension,
  CRLDistributionPointsExtension, ExtendedKeyUsageExtension, Extension, KeyUsageFlags, KeyUsagesExtension, Name,
  SubjectAlternativeNameExtension, SubjectKeyIdentifierExtension, X509Certificate,
} from '@peculiar/x509';
import { CertificateInputInvalid } from '../trust-errors.ts';
import { derElement } from '../crypto/der-bytes.ts';
import { keyIdentifierOf, signCertificate, type SignedCertificate } from './certificate-der.ts';
import type { Signer } from './key-store.ts';
import { ANY_POLICY, EKU, ETSI_POLICY, OCSP_NOCHECK, TESSERA_POLICY } from './policy-oids.ts';
import { QC_OID, qcStatementsExtension } from './qc-statements.ts';
import { organisationName, personNameDer, type OrganisationSubject, type PersonSubject } from './subject-names.ts';

/** A CA able to issue: its certificate and the key-store signer of its key. */
export interface IssuingAuthority {
  certificate: X509Certificate;
  signer: Signer;
}

/** Where relying parties find status and the issuer: OCSP, the issuing CA's certificate, its CRL. */
export interface StatusUrls {
  ocsp: string;
  caIssuers: string;
  crl: string;
}

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

/**
 * The key a certificate certifies: a CryptoKey, or its DER SubjectPublicKeyInfo as a card chip
 * answers with it (the bytes go into the certificate as they are).
 */
export type CertifiedKey = CryptoKey | Uint8Array;

/** Input of both card certificates; cards get 5 years, the life of the document. */
export interface PersonCertificateInput extends Validity {
  subject: PersonSubject;
  publicKey: CertifiedKey;
  urls: StatusUrls;
}

export interface CardAuthenticationInput extends PersonCertificateInput {
  /** Adds rfc822Name to subjectAltName (the old @eesti.ee forwarding address style). */
  email?: string;
  /** Allows ECDH with the authentication key (decrypting CDOC containers). */
  keyAgreement?: boolean;
  /** Adds the emailProtection EKU (S/MIME). */
  emailProtection?: boolean;
}

export interface SystemCertificateInput extends Validity {
  subject: OrganisationSubject;
  publicKey: CryptoKey;
  urls: StatusUrls;
}

export interface GatewayTlsInput extends SystemCertificateInput {
  dnsNames: string[];
}

export interface RootCaInput extends Validity {
  subject: OrganisationSubject;
  signer: Signer;
}

export interface IssuingCaInput extends Validity {
  subject: OrganisationSubject;
  publicKey: CryptoKey;
  /** The root's CRL and the root certificate's URL. */
  urls: { crl: string; caIssuers: string };
}

export const ISSUING_CA_ROLES = ['card-auth', 'card-sign', 'gateway', 'services'] as const;
export type IssuingCaRole = (typeof ISSUING_CA_ROLES)[number];

const CA_KEY_USAGE = KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign;

/** 16 random bytes, high bit clear (positive) and next bit set (no leading zero to strip): always 16 octets in DER. */
export function randomSerialNumber(): string {
  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0] = ((serial[0] ?? 0) & 0x3f) | 0x40;
  return Buffer.from(serial).toString('hex');
}

function checkValidity(validity: Validity, issuer?: X509Certificate): void {
  const { notBefore, notAfter } = validity;
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime()) || notAfter <= notBefore) {
    throw new CertificateInputInvalid('The validity must be two dates with notBefore before notAfter.');
  }
  // A certificate outliving its CA would be unverifiable for the rest of its life.
  if (issuer && (notBefore < issuer.notBefore || notAfter > issuer.notAfter)) {
    throw new CertificateInputInvalid(`The validity ${notBefore.toISOString()}–${notAfter.toISOString()} exceeds that of the issuing CA (until ${issuer.notAfter.toISOString()}).`);
  }
}

function checkUrl(field: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CertificateInputInvalid(`The ${field} URL "${value}" is not a URL.`);
  }
  // RFC 5280 §4.2.2.1 / §4.2.1.13: fetched over HTTP (or LDAP); plain http avoids a TLS-validation loop.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CertificateInputInvalid(`The ${field} URL must be http(s).`);
}

/** The extensions of one certificate as DER, given its subject key identifier's (derived from the key being certified). */
type ExtensionsFor = (subjectKeyIdentifier: Uint8Array) => Uint8Array[];

const der = (extension: Extension): Uint8Array => new Uint8Array(extension.rawData);

/** id-ce-subjectKeyIdentifier, non-critical (so no critical field in DER). */
const SKI_OID = Uint8Array.of(0x06, 0x03, 0x55, 0x1d, 0x0e);
function subjectKeyIdentifierDer(keyIdHex: string): Uint8Array {
  return derElement(0x30, SKI_OID, derElement(0x04, derElement(0x04, Buffer.from(keyIdHex, 'hex'))));
}

async function issueDer(params: {
  issuer: { name: Uint8Array; signer: Signer };
  subject: Uint8Array;
  publicKey: CertifiedKey;
  validity: Validity;
  extensions: ExtensionsFor;
}): Promise<SignedCertificate> {
  const subjectPublicKeyInfo = params.publicKey instanceof Uint8Array ? params.publicKey : new Uint8Array(await crypto.subtle.exportKey('spki', params.publicKey));
  return signCertificate({
    serialHex: randomSerialNumber(),
    issuerName: params.issuer.name,
    subjectName: params.subject,
    notBefore: params.validity.notBefore,
    notAfter: params.validity.notAfter,
    subjectPublicKeyInfo,
    extensions: params.extensions(subjectKeyIdentifierDer(keyIdentifierOf(subjectPublicKeyInfo))),
    signer: params.issuer.signer,
  });
}

async function issue(params: Omit<Parameters<typeof issueDer>[0], 'subject'> & { subject: Name }): Promise<X509Certificate> {
  return new X509Certificate((await issueDer({ ...params, subject: new Uint8Array(params.subject.toArrayBuffer()) })).der);
}

/** Per issuing CA certificate: its subject Name's DER and the AKI its certificates carry, read once. */
const issuerParts = new WeakMap<X509Certificate, { name: Uint8Array; authorityKeyIdentifier: Uint8Array }>();

function partsOf(issuer: X509Certificate): { name: Uint8Array; authorityKeyIdentifier: Uint8Array } {
  let parts = issuerParts.get(issuer);
  if (!parts) {
    // Copy the issuer's SKI rather than recompute it, so AKI and SKI match whatever method made the SKI.
    const ski = issuer.getExtension(SubjectKeyIdentifierExtension);
    if (!ski) throw new CertificateInputInvalid('The issuing CA certificate has no subject key identifier.');
    parts = { name: new Uint8Array(issuer.subjectName.toArrayBuffer()), authorityKeyIdentifier: der(new AuthorityKeyIdentifierExtension(ski.keyId)) };
    issuerParts.set(issuer, parts);
  }
  return parts;
}

const authorityKeyIdentifier = (issuer: X509Certificate): Uint8Array => partsOf(issuer).authorityKeyIdentifier;

const END_ENTITY_CONSTRAINTS = der(new BasicConstraintsExtension(false, undefined, true));
/** AIA and CRL distribution point extensions by the URLs they name; a CA has a few such sets. */
const locationExtensions = new Map<string, Uint8Array[]>();

function locationsOf(urls: StatusUrls, ocsp: boolean): Uint8Array[] {
  const key = JSON.stringify([ocsp, urls.ocsp, urls.caIssuers, urls.crl]);
  let extensions = locationExtensions.get(key);
  if (!extensions) {
    for (const [field, value] of Object.entries(urls)) checkUrl(field, value);
    extensions = [
      der(new AuthorityInfoAccessExtension(ocsp ? { ocsp: urls.ocsp, caIssuers: urls.caIssuers } : { caIssuers: urls.caIssuers })),
      der(new CRLDistributionPointsExtension([urls.crl])),
    ];
    if (locationExtensions.size >= 64) locationExtensions.delete(locationExtensions.keys().next().value!);
    locationExtensions.set(key, extensions);
  }
  return extensions;
}

/** Extensions every end-entity certificate carries (RFC 5280 §4.2; ETSI EN 319 412-2 §4.3). */
function endEntityExtensions(issuer: IssuingAuthority, subjectKeyIdentifier: Uint8Array, urls: StatusUrls, options: { ocsp: boolean }): Uint8Array[] {
  const [authorityInformation, crlDistribution] = locationsOf(urls, options.ocsp);
  return [END_ENTITY_CONSTRAINTS, authorityKeyIdentifier(issuer.certificate), subjectKeyIdentifier, authorityInformation!, crlDistribution!];
}

function issuedBy(issuer: IssuingAuthority): { name: Uint8Array; signer: Signer } {
  return { name: partsOf(issuer.certificate).name, signer: issuer.signer };
}

/** Self-signed root: CA critical without a path length, keyCertSign+cRLSign critical, SKI; ECDSA with the key's hash. */
export async function rootCa(input: RootCaInput): Promise<X509Certificate> {
  checkValidity(input);
  const name = organisationName(input.subject);
  return issue({
    issuer: { name: new Uint8Array(name.toArrayBuffer()), signer: input.signer },
    subject: name,
    publicKey: input.signer.publicKey,
    validity: input,
    extensions: (ski) => [
      der(new BasicConstraintsExtension(true, undefined, true)),
      der(new KeyUsagesExtension(CA_KEY_USAGE, true)),
      ski,
    ],
  });
}

/**
 * Issuing CA under the root: pathLen 0 (it issues end entities only), AKI+SKI, the root's CRL
 * as distribution point, the root certificate in AIA caIssuers, anyPolicy.
 */
export async function issuingCa(root: IssuingAuthority, input: IssuingCaInput): Promise<X509Certificate> {
  checkValidity(input, root.certificate);
  checkUrl('crl', input.urls.crl);
  checkUrl('caIssuers', input.urls.caIssuers);
  return issue({
    issuer: issuedBy(root),
    subject: organisationName(input.subject),
    publicKey: input.publicKey,
    validity: input,
    extensions: (ski) => [
      der(new BasicConstraintsExtension(true, 0, true)),
      der(new KeyUsagesExtension(CA_KEY_USAGE, true)),
      authorityKeyIdentifier(root.certificate),
      ski,
      der(new CertificatePolicyExtension([ANY_POLICY])),
      der(new AuthorityInfoAccessExtension({ caIssuers: input.urls.caIssuers })),
      der(new CRLDistributionPointsExtension([input.urls.crl])),
    ],
  });
}

/**
 * Issues an end-entity certificate: validity checked against the issuer, then the extensions
 * every end entity carries (AKI, SKI, AIA, CRL distribution point) and the profile's own.
 */
async function issueEndEntityDer(
  issuer: IssuingAuthority, subject: Uint8Array, input: Validity & { publicKey: CertifiedKey; urls: StatusUrls }, profile: Uint8Array[], options: { ocsp: boolean } = { ocsp: true },
): Promise<SignedCertificate> {
  checkValidity(input, issuer.certificate);
  return issueDer({
    issuer: issuedBy(issuer),
    subject,
    publicKey: input.publicKey,
    validity: input,
    extensions: (ski) => [...endEntityExtensions(issuer, ski, input.urls, options), ...profile],
  });
}

async function issueEndEntity(
  issuer: IssuingAuthority, subject: Name, input: Validity & { publicKey: CryptoKey; urls: StatusUrls }, profile: Extension[], options: { ocsp: boolean } = { ocsp: true },
): Promise<X509Certificate> {
  const signed = await issueEndEntityDer(issuer, new Uint8Array(subject.toArrayBuffer()), input, profile.map(der), options);
  return new X509Certificate(signed.der);
}

/** A profile's fixed extensions, encoded once per variant: every card of a population carries the same ones. */
const profileVariants = new Map<string, Uint8Array[]>();
function profileExtensions(variant: string, make: () => Extension[]): Uint8Array[] {
  let extensions = profileVariants.get(variant);
  if (!extensions) {
    extensions = make().map(der);
    profileVariants.set(variant, extensions);
  }
  return extensions;
}

/** PIN1 certificate: TLS client authentication (and optionally e-mail, ECDH). */
export async function cardAuthentication(issuer: IssuingAuthority, input: CardAuthenticationInput): Promise<X509Certificate> {
  return new X509Certificate((await signCardAuthentication(issuer, input)).der);
}

/** {@link cardAuthentication} as signed bytes, for the bureau, which stores them without reading them back. */
export async function signCardAuthentication(issuer: IssuingAuthority, input: CardAuthenticationInput): Promise<SignedCertificate> {
  const keyAgreement = input.keyAgreement === true;
  const emailProtection = input.emailProtection === true;
  const extensions = [...profileExtensions(`card-authentication/${keyAgreement}/${emailProtection}`, () => [
    new KeyUsagesExtension(KeyUsageFlags.digitalSignature | (keyAgreement ? KeyUsageFlags.keyAgreement : 0), true),
    new ExtendedKeyUsageExtension(emailProtection ? [EKU.clientAuth, EKU.emailProtection] : [EKU.clientAuth]),
    new CertificatePolicyExtension([TESSERA_POLICY.cardAuthentication, ETSI_POLICY.ncpPlus]),
    // Not a qualified certificate, but the serialNumber semantics are still declared (EN 319 412-1 §5.1.3).
    qcStatementsExtension({ naturalPersonSemantics: true }),
  ])];
  if (input.email !== undefined) extensions.push(der(new SubjectAlternativeNameExtension([{ type: 'email', value: input.email }])));
  return issueEndEntityDer(issuer, personNameDer(input.subject), input, extensions);
}

/** PIN2 certificate: qualified certificate for electronic signatures, key in the chip (QSCD). */
export async function cardSigning(issuer: IssuingAuthority, input: PersonCertificateInput): Promise<X509Certificate> {
  return new X509Certificate((await signCardSigning(issuer, input)).der);
}

/** {@link cardSigning} as signed bytes. */
export async function signCardSigning(issuer: IssuingAuthority, input: PersonCertificateInput): Promise<SignedCertificate> {
  return issueEndEntityDer(issuer, personNameDer(input.subject), input, profileExtensions('card-signing', () => [
    // EN 319 412-2 §4.3.2: a signing (non-repudiation) key is used for nothing else.
    new KeyUsagesExtension(KeyUsageFlags.nonRepudiation, true),
    new CertificatePolicyExtension([TESSERA_POLICY.cardSigning, ETSI_POLICY.qcpNaturalQscd]),
    qcStatementsExtension({ naturalPersonSemantics: true, qcCompliance: true, qcSscd: true, qcTypes: [QC_OID.qcTypeEsign] }),
  ]));
}

/** Exchange gateway TLS: server and client (mutual TLS between members), names in SAN dNSName. */
export async function gatewayTls(issuer: IssuingAuthority, input: GatewayTlsInput): Promise<X509Certificate> {
  if (input.dnsNames.length === 0) throw new CertificateInputInvalid('A gateway TLS certificate needs at least one DNS name.');
  return issueEndEntity(issuer, organisationName(input.subject), input, [
    // ECDSA keys in TLS 1.3 only sign; keyEncipherment would be wrong for EC.
    new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
    new ExtendedKeyUsageExtension([EKU.serverAuth, EKU.clientAuth]),
    new SubjectAlternativeNameExtension(input.dnsNames.map((value) => ({ type: 'dns' as const, value }))),
    new CertificatePolicyExtension([TESSERA_POLICY.gatewayTls]),
  ]);
}

/** Exchange gateway message signing (signed message envelopes). */
export async function gatewaySigning(issuer: IssuingAuthority, input: SystemCertificateInput): Promise<X509Certificate> {
  return issueEndEntity(issuer, organisationName(input.subject), input, [
    new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
    new CertificatePolicyExtension([TESSERA_POLICY.gatewaySigning]),
  ]);
}

/**
 * OCSP responder. RFC 6960 §4.2.2.2: a delegated responder is trusted for the CA that issued
 * its certificate; a responder issued by the `services` CA is thus trusted by local
 * configuration, or issue it from the card CA itself for delegated trust. It carries
 * id-pkix-ocsp-nocheck, and so no OCSP URL of its own (nobody would ask).
 */
export async function ocspResponder(issuer: IssuingAuthority, input: SystemCertificateInput): Promise<X509Certificate> {
  return issueEndEntity(issuer, organisationName(input.subject), input, [
    new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
    new ExtendedKeyUsageExtension([EKU.ocspSigning]),
    new Extension(OCSP_NOCHECK, false, new Uint8Array([0x05, 0x00])), // value is ASN.1 NULL
    new CertificatePolicyExtension([TESSERA_POLICY.ocspResponder]),
  ], { ocsp: false });
}

/** RFC 3161 §2.3 time-stamping unit: timeStamping as the only EKU, critical. */
export async function timeStamping(issuer: IssuingAuthority, input: SystemCertificateInput): Promise<X509Certificate> {
  return issueEndEntity(issuer, organisationName(input.subject), input, [
    new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
    new ExtendedKeyUsageExtension([EKU.timeStamping], true),
    new CertificatePolicyExtension([TESSERA_POLICY.timeStamping]),
  ]);
}

/**
 * ISO/IEC 18013-5 Annex B.1.4 document signer: the key that signs an mdoc's MobileSecurityObject.
 * digitalSignature only (critical) and id-mdl-kp-mdlDS as the only EKU (critical), so a verifier
 * can tell an mdoc signer from any other Tessera certificate; the subject carries the country
 * (the MSO's issuing country is read from it).
 */
export async function mdocDocumentSigner(issuer: IssuingAuthority, input: SystemCertificateInput): Promise<X509Certificate> {
  return issueEndEntity(issuer, organisationName(input.subject), input, [
    new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
    new ExtendedKeyUsageExtension([EKU.mdocDocumentSigner], true),
    new CertificatePolicyExtension([TESSERA_POLICY.mdocDocumentSigner]),
  ]);
}
