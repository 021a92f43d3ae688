// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { systemClock, type Clock } from '@tessera/platform';
import { X509Certificate } from '@peculiar/x509';
import { CaHierarchyExists, CertificateInputInvalid } from '../trust-errors.ts';
import {
  ISSUING_CA_ROLES, issuingCa, rootCa, type IssuingAuthority, type IssuingCaRole, type StatusUrls,
} from './certificate-profiles.ts';
import { buildCrl, crlToPem } from './crl.ts';
import type { KeyStore } from './key-store.ts';

/*
 * The key ceremony creates the hierarchy once: a self-signed P-384 root and four issuing CAs
 * under it. The root is an offline root: after the ceremony its key is used only to sign the
 * root's own CRLs and certificates of new issuing CAs (rollover, a new CA), each time in a new
 * ceremony. Pass `rootKeyStore` to keep the root key in a separate store (an HSM or a KEK kept
 * offline) from the online store of the issuing CAs; they default to one store for tests and
 * the demo world.
 */

export interface KeyCeremonyOptions {
  /** Store for the issuing CA keys (online). */
  keyStore: KeyStore;
  /** Store for the root key (offline); defaults to `keyStore`. */
  rootKeyStore?: KeyStore;
  clock?: Clock;
  /** Base of the published URLs, e.g. "http://pki.example.ee"; certificates, CRLs and OCSP are served under it. */
  baseUrl: string;
  /** Name of the hierarchy, e.g. "Tessera 2025": "Tessera 2025 Root CA", "Tessera 2025 Card Signing CA", … */
  name: string;
  /** Organisation in the CA subjects; defaults to `name`. */
  organization?: string;
  country?: string;
  /** Prefix of key labels and file names; defaults to `name` in lower-case-with-dashes. */
  labelPrefix?: string;
  rootValidityYears?: number;
  /** Must stay above the 5-year card validity so cards issued late in the CA's life still fit. */
  issuingValidityYears?: number;
  rootCrlValidityDays?: number;
}

export interface CaRecord {
  role: 'root' | IssuingCaRole;
  keyLabel: string;
  subject: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  der: Uint8Array<ArrayBuffer>;
  pem: string;
  /** URLs to put in certificates this CA issues: OCSP, this CA's certificate, this CA's CRL. */
  urls: StatusUrls;
}

export interface CaHierarchy {
  name: string;
  createdAt: Date;
  root: CaRecord;
  issuing: Record<IssuingCaRole, CaRecord>;
  /** First root CRL (number 1, empty); the issuing CAs point at it. */
  rootCrl: { crlNumber: number; der: Uint8Array<ArrayBuffer>; pem: string };
  /** Root then issuing CA certificates, PEM. */
  pemBundle: string;
}

const CA_NAMES: Record<IssuingCaRole, string> = {
  'card-auth': 'Card Authentication CA',
  'card-sign': 'Card Signing CA',
  gateway: 'Gateway CA',
  services: 'Services CA',
};

function addYears(date: Date, years: number): Date {
  const result = new Date(date);
  result.setUTCFullYear(result.getUTCFullYear() + years);
  return result;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Key labels the ceremony uses, so callers can find keys and check for an existing hierarchy. */
export function hierarchyKeyLabels(prefix: string): { root: string } & Record<IssuingCaRole, string> {
  return {
    root: `${prefix}-root`,
    'card-auth': `${prefix}-card-auth`,
    'card-sign': `${prefix}-card-sign`,
    gateway: `${prefix}-gateway`,
    services: `${prefix}-services`,
  };
}

function record(role: CaRecord['role'], keyLabel: string, certificate: X509Certificate, urls: StatusUrls): CaRecord {
  return {
    role, keyLabel, urls,
    subject: certificate.subject,
    serialNumber: certificate.serialNumber,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    der: new Uint8Array(certificate.rawData),
    pem: `${certificate.toString('pem').trimEnd()}\n`,
  };
}

export async function runKeyCeremony(options: KeyCeremonyOptions): Promise<CaHierarchy> {
  const { keyStore } = options;
  const rootKeyStore = options.rootKeyStore ?? keyStore;
  const prefix = options.labelPrefix ?? slug(options.name);
  if (prefix === '') throw new CertificateInputInvalid('The hierarchy needs a name with letters or digits.');
  const base = options.baseUrl.replace(/\/+$/, '');
  const country = options.country ?? 'EE';
  const organization = options.organization ?? options.name;
  const labels = hierarchyKeyLabels(prefix);

  // Refuse before generating anything: a second root would split the trust anchors.
  const existing: string[] = [];
  if (await rootKeyStore.has(labels.root)) existing.push(labels.root);
  for (const role of ISSUING_CA_ROLES) if (await keyStore.has(labels[role])) existing.push(labels[role]);
  if (existing.length > 0) throw new CaHierarchyExists(existing);

  // Certificates carry whole seconds; starting on one keeps child validity inside the parent's.
  const now = new Date(Math.floor((options.clock ?? systemClock).now().getTime() / 1000) * 1000);
  const urlsOf = (label: string): StatusUrls => ({
    // One responder per issuing CA: RFC 6960 §4.2.2.2 trusts a delegated responder only for the CA that certified it.
    ocsp: `${base}/ocsp/${label}`,
    caIssuers: `${base}/certs/${label}.crt`,
    crl: `${base}/crl/${label}.crl`,
  });

  await rootKeyStore.generate(labels.root, 'P-384');
  const rootSigner = await rootKeyStore.signer(labels.root);
  const rootCertificate = await rootCa({
    signer: rootSigner,
    subject: { country, organization, commonName: `${options.name} Root CA` },
    notBefore: now,
    notAfter: addYears(now, options.rootValidityYears ?? 20),
  });
  const root: IssuingAuthority = { certificate: rootCertificate, signer: rootSigner };
  const rootUrls = urlsOf(labels.root);

  const issuing = {} as Record<IssuingCaRole, CaRecord>;
  for (const role of ISSUING_CA_ROLES) {
    const { publicKey } = await keyStore.generate(labels[role], 'P-384');
    const certificate = await issuingCa(root, {
      subject: { country, organization, commonName: `${options.name} ${CA_NAMES[role]}` },
      publicKey,
      notBefore: now,
      notAfter: addYears(now, options.issuingValidityYears ?? 12),
      urls: { crl: rootUrls.crl, caIssuers: rootUrls.caIssuers },
    });
    issuing[role] = record(role, labels[role], certificate, urlsOf(labels[role]));
  }

  const rootCrl = await buildCrl(root, {
    crlNumber: 1,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + (options.rootCrlValidityDays ?? 365) * 86_400_000),
    entries: [],
  });
  const rootRecord = record('root', labels.root, rootCertificate, rootUrls);
  return {
    name: options.name,
    createdAt: now,
    root: rootRecord,
    issuing,
    rootCrl: { crlNumber: 1, der: new Uint8Array(rootCrl.rawData), pem: crlToPem(rootCrl) },
    pemBundle: [rootRecord, ...ISSUING_CA_ROLES.map((role) => issuing[role])].map((ca) => ca.pem.trim()).join('\n') + '\n',
  };
}

/** The issuing CA of `role` ready to sign: its certificate and its key-store signer. */
export async function issuingAuthority(hierarchy: CaHierarchy, role: IssuingCaRole | 'root', keyStore: KeyStore): Promise<IssuingAuthority> {
  const ca = role === 'root' ? hierarchy.root : hierarchy.issuing[role];
  return { certificate: new X509Certificate(ca.der), signer: await keyStore.signer(ca.keyLabel) };
}
