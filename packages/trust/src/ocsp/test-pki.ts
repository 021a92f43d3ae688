// SPDX-License-Identifier: Apache-2.0
// Test fixture (not shipped API): a miniature ID-card PKI and an in-memory status register.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { CertificateStatus, CertificateStatusSource } from './certificate-status.ts';
import { normalizeSerialHex } from './certificate-status.ts';
import { digest, toHex } from './issuer-identity.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const P384 = { name: 'ECDSA', namedCurve: 'P-384' } as const;
const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const OCSP_NOCHECK = '1.3.6.1.5.5.7.48.1.5';
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

export interface Issued {
  certificate: x509.X509Certificate;
  der: Uint8Array;
  pem: string;
  keys: CryptoKeyPair;
  serialHex: string;
}

export interface TestPki {
  root: Issued;
  issuing: Issued;
  /** SHA-1 of the issuing CA's public key: what the status source is keyed by. */
  issuingKeyHash: Uint8Array;
  responder: Issued;
  /** Delegated responder with a P-256 key, for the other signature algorithm. */
  responderP256: Issued;
  leaves: { good: Issued; revoked: Issued; onHold: Issued };
  otherIssuing: Issued;
  otherLeaf: Issued;
}

const notBefore = new Date('2025-01-01T00:00:00Z');
const notAfter = new Date('2035-01-01T00:00:00Z');

async function keys(algorithm: EcKeyGenParams): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
}

function issued(certificate: x509.X509Certificate, pair: CryptoKeyPair): Issued {
  return {
    certificate, keys: pair, der: new Uint8Array(certificate.rawData), pem: certificate.toString('pem'),
    serialHex: normalizeSerialHex(certificate.serialNumber),
  };
}

async function issue(
  issuer: Issued, subject: string, serialNumber: string, algorithm: EcKeyGenParams, extensions: x509.Extension[],
): Promise<Issued> {
  const pair = await keys(algorithm);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber, subject, issuer: issuer.certificate.subject, notBefore, notAfter,
    publicKey: pair.publicKey, signingKey: issuer.keys.privateKey, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' },
    extensions: [
      ...extensions,
      await x509.SubjectKeyIdentifierExtension.create(pair.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate),
    ],
  });
  return issued(certificate, pair);
}

async function subCa(root: Issued, subject: string, serial: string): Promise<Issued> {
  return issue(root, subject, serial, P384, [
    new x509.BasicConstraintsExtension(true, 0, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
  ]);
}

async function leaf(issuer: Issued, subject: string, serial: string): Promise<Issued> {
  return issue(issuer, subject, serial, P384, [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
  ]);
}

async function ocspResponder(issuer: Issued, subject: string, serial: string, algorithm: EcKeyGenParams): Promise<Issued> {
  return issue(issuer, subject, serial, algorithm, [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([OCSP_SIGNING], true),
    // id-pkix-ocsp-nocheck (value NULL): clients need not ask about the responder's own status.
    new x509.Extension(OCSP_NOCHECK, false, Uint8Array.of(0x05, 0x00)),
  ]);
}

export async function buildTestPki(): Promise<TestPki> {
  const rootKeys = await keys(P384);
  const rootCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: 'CN=Test State Root CA, O=Tessera Test, C=EE', notBefore, notAfter, keys: rootKeys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' },
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  const root = issued(rootCert, rootKeys);
  const issuing = await subCa(root, 'CN=TEST ESTEID2025, O=Tessera Test, C=EE', '02');
  const otherIssuing = await subCa(root, 'CN=TEST Other Issuing CA, O=Tessera Test, C=EE', '03');
  const spki = issuing.certificate.publicKey.rawData;
  return {
    root,
    issuing,
    issuingKeyHash: digest('sha1', subjectPublicKeyBits(new Uint8Array(spki))),
    responder: await ocspResponder(issuing, 'CN=TEST ESTEID2025 OCSP Responder, O=Tessera Test, C=EE', '1001', P384),
    responderP256: await ocspResponder(issuing, 'CN=TEST ESTEID2025 OCSP Responder P-256, O=Tessera Test, C=EE', '1002', P256),
    leaves: {
      good: await leaf(issuing, 'CN=TAMM\\,MARI\\,48001010001, C=EE', '2a01'),
      revoked: await leaf(issuing, 'CN=KASK\\,JAAN\\,38001010002, C=EE', '2a02'),
      // Top bit set: exercises the DER sign-padding byte in serial numbers.
      onHold: await leaf(issuing, 'CN=SAAR\\,LIIS\\,48001010003, C=EE', 'c0ffee'),
    },
    otherIssuing,
    otherLeaf: await leaf(otherIssuing, 'CN=MUST\\,PEETER\\,38001010004, C=EE', '2a01'),
  };
}

/** subjectPublicKey BIT STRING value of an uncompressed EC key SPKI: the trailing 0x04‖X‖Y. */
function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  const pointLength = spki.length > 100 ? 97 : 65;
  return spki.subarray(spki.length - pointLength);
}

export function responderSigner(responder: Issued, hash: 'SHA-256' | 'SHA-384') {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    async sign(data: Uint8Array): Promise<Uint8Array> {
      calls++;
      return new Uint8Array(await webcrypto.subtle.sign({ name: 'ECDSA', hash }, responder.keys.privateKey, data));
    },
  };
}

/** The CA register as the responder sees it: statuses by (issuer key hash, serial), with a change feed. */
export class MemoryStatusSource implements CertificateStatusSource {
  readonly #statuses = new Map<string, CertificateStatus>();
  readonly #listeners = new Set<(serialHex: string) => void>();
  lookups = 0;

  set(issuerKeyHash: Uint8Array, serialHex: string, status: CertificateStatus, notify = false): void {
    this.#statuses.set(`${toHex(issuerKeyHash)}:${normalizeSerialHex(serialHex)}`, status);
    if (notify) for (const listener of this.#listeners) listener(serialHex);
  }

  async status(issuerKeyHash: Uint8Array, serialNumberHex: string): Promise<CertificateStatus> {
    this.lookups++;
    return this.#statuses.get(`${toHex(issuerKeyHash)}:${serialNumberHex}`) ?? { kind: 'unknown' };
  }

  onChange(listener: (serialHex: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
