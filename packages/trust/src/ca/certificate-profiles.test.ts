// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { X509Certificate } from '@peculiar/x509';
import { CertificateInputInvalid } from '../trust-errors.ts';
import {
  cardAuthentication, cardSigning, gatewaySigning, gatewayTls, ocspResponder, timeStamping, type IssuingAuthority,
} from './certificate-profiles.ts';
import { issuingAuthority, type CaHierarchy } from './key-ceremony.ts';
import type { WrappedKeyStore } from './key-store.ts';
import { QC_OID, readQcStatements } from './qc-statements.ts';
import {
  cardPublicKey, memoryHierarchy, NOW, openssl, opensslFailure, TempDir, urls, verifyArgs, yearsAfter,
} from './test-support.ts';

const person = { surname: 'Jõeorg', givenNames: 'Jaak-Kristjan', identificationCode: '38001085718', country: 'EE' };
const organisation = { country: 'EE', organization: 'Tessera', commonName: 'gw.tessera.test' };
const cardValidity = { notBefore: NOW, notAfter: yearsAfter(NOW, 5) };

let keyStore: WrappedKeyStore;
let hierarchy: CaHierarchy;
let dir: TempDir;
const issuer = (role: 'card-auth' | 'card-sign' | 'gateway' | 'services'): Promise<IssuingAuthority> => issuingAuthority(hierarchy, role, keyStore);

before(async () => {
  ({ keyStore, hierarchy } = await memoryHierarchy());
  dir = new TempDir();
});
after(() => dir.remove());

const text = (certificate: X509Certificate) =>
  openssl(['x509', '-noout', '-text', '-nameopt', 'utf8,sep_comma_plus_space', '-in', dir.write('cert.pem', certificate.toString('pem'))]);

/** The DER of the qcStatements extension as openssl sees it: asn1parse, descending into its OCTET STRING. */
function qcStatementsAsn1(certificate: X509Certificate): string {
  const file = dir.write('qc.pem', certificate.toString('pem'));
  const lines = openssl(['asn1parse', '-in', file]).split('\n');
  const at = lines.findIndex((line) => line.includes(':qcStatements') || line.includes(':1.3.6.1.5.5.7.1.3'));
  const offset = lines[at + 1]?.trim().split(':')[0];
  assert.ok(at >= 0 && offset, 'qcStatements extension found');
  return openssl(['asn1parse', '-in', file, '-strparse', offset]);
}

test('a card authentication certificate verifies to the root for TLS client use and carries its status URLs', async () => {
  const ca = await issuer('card-auth');
  const certificate = await cardAuthentication(ca, { ...cardValidity, subject: person, publicKey: await cardPublicKey(), urls: urls(hierarchy, 'card-auth'), email: 'jaak-kristjan.joeorg@eesti.ee' });
  const out = openssl(verifyArgs(dir, hierarchy.root.pem, hierarchy.issuing['card-auth'].pem, certificate.toString('pem'), ['-purpose', 'sslclient']));
  assert.match(out, /leaf\.pem: OK/);
  const shown = text(certificate);
  assert.match(shown, /Subject: C=EE, CN=JÕEORG,JAAK-KRISTJAN,PNOEE-38001085718, SN=JÕEORG, GN=JAAK-KRISTJAN, serialNumber=PNOEE-38001085718/);
  assert.match(shown, /X509v3 Key Usage: critical\n\s+Digital Signature\n/);
  assert.match(shown, /X509v3 Extended Key Usage: \n\s+TLS Web Client Authentication\n/);
  assert.match(shown, /OCSP - URI:http:\/\/pki\.tessera\.test\/ocsp/);
  assert.match(shown, /CA Issuers - URI:http:\/\/pki\.tessera\.test\/certs\/tessera-test-card-auth\.crt/);
  assert.match(shown, /CRL Distribution Points: \n\s+Full Name:\n\s+URI:http:\/\/pki\.tessera\.test\/crl\/tessera-test-card-auth\.crl/);
  assert.match(shown, /Policy: 1\.3\.6\.1\.4\.1\.99999\.1\.1\n\s+Policy: 0\.4\.0\.2042\.1\.2/);
  assert.match(shown, /email:jaak-kristjan\.joeorg@eesti\.ee/);
  const aki = /Authority Key Identifier: \n\s+([0-9A-F:]+)/.exec(shown)?.[1];
  const issuerSki = /Subject Key Identifier: \n\s+([0-9A-F:]+)/.exec(text(ca.certificate))?.[1];
  assert.ok(aki);
  assert.equal(aki, issuerSki);
  assert.match(qcStatementsAsn1(certificate), /:0\.4\.0\.194121\.1\.1/);
  assert.doesNotMatch(qcStatementsAsn1(certificate), /:0\.4\.0\.1862\.1\.1\n/);
});

test('a card signing certificate is a qualified one: critical non-repudiation only and the QC statements', async () => {
  const ca = await issuer('card-sign');
  const certificate = await cardSigning(ca, { ...cardValidity, subject: person, publicKey: await cardPublicKey(), urls: urls(hierarchy, 'card-sign') });
  assert.match(openssl(verifyArgs(dir, hierarchy.root.pem, hierarchy.issuing['card-sign'].pem, certificate.toString('pem'))), /OK/);
  const shown = text(certificate);
  assert.match(shown, /X509v3 Key Usage: critical\n\s+Non Repudiation\n/);
  assert.doesNotMatch(shown, /Extended Key Usage/);
  assert.match(shown, /qcStatements|1\.3\.6\.1\.5\.5\.7\.1\.3/);
  assert.match(shown, /serialNumber=PNOEE-38001085718/);
  assert.match(shown, /Policy: 0\.4\.0\.194112\.1\.2/);
  const asn1 = qcStatementsAsn1(certificate);
  for (const oid of ['0.4.0.1862.1.1', '0.4.0.1862.1.4', '0.4.0.1862.1.6', '0.4.0.1862.1.6.1', '0.4.0.194121.1.1', '1.3.6.1.5.5.7.11.2']) {
    assert.match(asn1, new RegExp(`:${oid.replaceAll('.', '\\.')}\\n`), oid);
  }
  const extension = certificate.getExtension(QC_OID.qcStatements);
  assert.ok(extension);
  assert.equal(extension.critical, false);
  assert.deepEqual(readQcStatements(extension.value).qcTypes, [QC_OID.qcTypeEsign]);
});

test('serial numbers are random, positive and 16 bytes long', async () => {
  const ca = await issuer('card-auth');
  const serials = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const certificate = await cardAuthentication(ca, { ...cardValidity, subject: person, publicKey: await cardPublicKey(), urls: urls(hierarchy, 'card-auth') });
    assert.match(certificate.serialNumber, /^[4-7][0-9a-f]{31}$/);
    serials.add(certificate.serialNumber);
  }
  assert.equal(serials.size, 3);
});

test('a gateway TLS certificate serves as TLS server and client and names its host', async () => {
  const ca = await issuer('gateway');
  const certificate = await gatewayTls(ca, { notBefore: NOW, notAfter: yearsAfter(NOW, 2), subject: organisation, publicKey: await cardPublicKey(), urls: urls(hierarchy, 'gateway'), dnsNames: ['gw.tessera.test'] });
  for (const purpose of ['sslserver', 'sslclient']) {
    assert.match(openssl(verifyArgs(dir, hierarchy.root.pem, hierarchy.issuing.gateway.pem, certificate.toString('pem'), ['-purpose', purpose])), /OK/);
  }
  const shown = text(certificate);
  assert.match(shown, /TLS Web Server Authentication, TLS Web Client Authentication/);
  assert.match(shown, /DNS:gw\.tessera\.test/);
  const signing = await gatewaySigning(ca, { notBefore: NOW, notAfter: yearsAfter(NOW, 2), subject: organisation, publicKey: await cardPublicKey(), urls: urls(hierarchy, 'gateway') });
  assert.match(text(signing), /X509v3 Key Usage: critical\n\s+Digital Signature\n/);
  assert.match(openssl(verifyArgs(dir, hierarchy.root.pem, hierarchy.issuing.gateway.pem, signing.toString('pem'))), /OK/);
});

test('an OCSP responder certificate has the OCSP Signing EKU and no-check, and no OCSP URL of its own', async () => {
  const ca = await issuer('services');
  const certificate = await ocspResponder(ca, { notBefore: NOW, notAfter: yearsAfter(NOW, 1), subject: { ...organisation, commonName: 'Tessera OCSP' }, publicKey: await cardPublicKey(), urls: urls(hierarchy, 'services') });
  assert.match(openssl(verifyArgs(dir, hierarchy.root.pem, hierarchy.issuing.services.pem, certificate.toString('pem'), ['-purpose', 'ocsphelper'])), /OK/);
  const shown = text(certificate);
  assert.match(shown, /Extended Key Usage: \n\s+OCSP Signing\n/);
  assert.match(shown, /OCSP No Check/);
  assert.doesNotMatch(shown, /OCSP - URI/);
});

test('a time-stamping certificate has timeStamping as its only, critical EKU', async () => {
  const ca = await issuer('services');
  const certificate = await timeStamping(ca, { notBefore: NOW, notAfter: yearsAfter(NOW, 3), subject: { ...organisation, commonName: 'Tessera TSA' }, publicKey: await cardPublicKey(), urls: urls(hierarchy, 'services') });
  assert.match(openssl(verifyArgs(dir, hierarchy.root.pem, hierarchy.issuing.services.pem, certificate.toString('pem'), ['-purpose', 'timestampsign'])), /OK/);
  const shown = text(certificate);
  assert.match(shown, /Extended Key Usage: critical\n\s+Time Stamping\n/);
  assert.match(shown, /X509v3 Key Usage: critical\n\s+Digital Signature\n/);
});

test('a certificate from another hierarchy does not verify under ours', async () => {
  const other = await memoryHierarchy('Impostor');
  const foreignCa = await issuingAuthority(other.hierarchy, 'card-auth', other.keyStore);
  const certificate = await cardAuthentication(foreignCa, { ...cardValidity, subject: person, publicKey: await cardPublicKey(), urls: urls(other.hierarchy, 'card-auth') });
  const out = opensslFailure(verifyArgs(dir, hierarchy.root.pem, hierarchy.issuing['card-auth'].pem, certificate.toString('pem')));
  assert.match(out, /unable to get local issuer certificate/);
  // …while the same openssl call accepts it under its own hierarchy, so the failure is about trust.
  assert.match(openssl(verifyArgs(dir, other.hierarchy.root.pem, other.hierarchy.issuing['card-auth'].pem, certificate.toString('pem'))), /OK/);
});

test('profiles refuse certificates that would outlive their CA, bad names and bad URLs', async () => {
  const ca = await issuer('card-auth');
  const publicKey = await cardPublicKey();
  const base = { ...cardValidity, subject: person, publicKey, urls: urls(hierarchy, 'card-auth') };
  await assert.rejects(cardAuthentication(ca, { ...base, notAfter: yearsAfter(NOW, 13) }), CertificateInputInvalid);
  await assert.rejects(cardAuthentication(ca, { ...base, notAfter: NOW }), CertificateInputInvalid);
  await assert.rejects(cardAuthentication(ca, { ...base, subject: { ...person, country: 'Estonia' } }), CertificateInputInvalid);
  await assert.rejects(cardAuthentication(ca, { ...base, subject: { ...person, identificationCode: '380 0108' } }), CertificateInputInvalid);
  await assert.rejects(cardAuthentication(ca, { ...base, urls: { ...base.urls, ocsp: 'ldap://x' } }), CertificateInputInvalid);
  await assert.rejects(gatewayTls(ca, { ...cardValidity, subject: organisation, publicKey, urls: base.urls, dnsNames: [] }), CertificateInputInvalid);
});
