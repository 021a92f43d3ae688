// SPDX-License-Identifier: Apache-2.0
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, Name as AsnName, Validity } from '@peculiar/asn1-x509';
import { Name, SubjectKeyIdentifierExtension, X509Certificate } from '@peculiar/x509';
import { CardChip } from '../card/card-chip.ts';
import { DerInputInvalid } from '../trust-errors.ts';
import shapes from './card-profile-shapes.json' with { type: 'json' };
import { keyIdentifierOf, signCertificate } from './certificate-der.ts';
import { signCardAuthentication, signCardSigning, type IssuingAuthority } from './certificate-profiles.ts';
import { issuingAuthority, type CaHierarchy } from './key-ceremony.ts';
import type { WrappedKeyStore } from './key-store.ts';
import { personNameDer } from './subject-names.ts';
import { cardPublicKey, memoryHierarchy, NOW, urls, yearsAfter } from './test-support.ts';

const person = { surname: 'Jõeorg, Jr', givenNames: 'Jaak-Kristjan', identificationCode: '38001085718', country: 'EE' };

let keyStore: WrappedKeyStore;
let hierarchy: CaHierarchy;
let ca: IssuingAuthority;
before(async () => {
  ({ keyStore, hierarchy } = await memoryHierarchy());
  ca = await issuingAuthority(hierarchy, 'card-auth', keyStore);
});

test('a certificate signed from DER parts reads back with the serial, validity (whole seconds) and subject it was given', async () => {
  const notBefore = new Date(NOW.getTime() + 999);
  const signed = await signCardAuthentication(ca, { subject: person, publicKey: await cardPublicKey(), notBefore, notAfter: yearsAfter(NOW, 5), urls: urls(hierarchy, 'card-auth') });
  const parsed = new X509Certificate(signed.der);
  assert.equal(parsed.serialNumber, signed.serialHex);
  assert.equal(parsed.notBefore.getTime(), signed.notBefore.getTime());
  assert.equal(signed.notBefore.getTime() % 1000, 0);
  assert.equal(parsed.notAfter.getTime(), signed.notAfter.getTime());
  assert.equal(parsed.subject, new Name(personNameDer(person)).toString());
  assert.ok(await parsed.verify({ publicKey: ca.certificate, signatureOnly: true }));
});

test('validity is UTCTime through 2049 and GeneralizedTime from 2050, byte for byte as the ASN.1 schema encodes it', async () => {
  const signing = await issuingAuthority(hierarchy, 'card-sign', keyStore);
  for (const notAfter of [new Date('2049-12-31T23:59:59Z'), new Date('2050-01-01T00:00:00Z')]) {
    const notBefore = new Date('2049-06-01T08:09:10Z');
    const signed = await signCertificate({
      serialHex: '4a'.repeat(16), issuerName: new Uint8Array(signing.certificate.subjectName.toArrayBuffer()), subjectName: personNameDer(person),
      notBefore, notAfter, subjectPublicKeyInfo: new Uint8Array(await crypto.subtle.exportKey('spki', await cardPublicKey())), extensions: [], signer: signing.signer,
    });
    const expected = Buffer.from(AsnConvert.serialize(new Validity({ notBefore, notAfter }))).toString('hex');
    assert.ok(Buffer.from(signed.der).toString('hex').includes(expected), `validity until ${notAfter.toISOString()}`);
    assert.equal(new X509Certificate(signed.der).notAfter.getTime(), notAfter.getTime());
  }
});

test('a subject name is DER: parsed and re-encoded by the ASN.1 schema it comes back the same, UTF-8 and commas kept', () => {
  const der = personNameDer(person);
  assert.deepEqual(new Uint8Array(AsnConvert.serialize(AsnConvert.parse(der, AsnName))), der);
  assert.equal(new Name(der).toString(), 'C=EE, CN=JÕEORG\\, JR\\,JAAK-KRISTJAN\\,PNOEE-38001085718, SN=JÕEORG\\, JR, G=JAAK-KRISTJAN, 2.5.4.5=PNOEE-38001085718');
});

test('the subject key identifier is the SHA-1 of the key bits, as the X.509 library computes it, and malformed keys are refused', async () => {
  const publicKey = await cardPublicKey();
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
  assert.equal(keyIdentifierOf(spki), (await SubjectKeyIdentifierExtension.create(publicKey)).keyId);
  const signing = await signCardSigning(await issuingAuthority(hierarchy, 'card-sign', keyStore), { subject: person, publicKey, notBefore: NOW, notAfter: yearsAfter(NOW, 5), urls: urls(hierarchy, 'card-sign') });
  assert.equal(new X509Certificate(signing.der).getExtension(SubjectKeyIdentifierExtension)?.keyId, keyIdentifierOf(spki));
  assert.throws(() => keyIdentifierOf(spki.subarray(0, spki.length - 1)), DerInputInvalid);
  assert.throws(() => keyIdentifierOf(Uint8Array.of(0x31, ...spki.subarray(1))), DerInputInvalid);
});

/** The TBS with what differs between any two certificates of a profile blanked: serial, validity, key bits, key identifiers. */
function profileShape(der: Uint8Array): string {
  const { tbsCertificate: tbs } = AsnConvert.parse(der, Certificate);
  tbs.serialNumber = Uint8Array.of(1).buffer;
  tbs.validity = new Validity({ notBefore: new Date('2000-01-01T00:00:00Z'), notAfter: new Date('2001-01-01T00:00:00Z') });
  tbs.subjectPublicKeyInfo.subjectPublicKey = new ArrayBuffer(tbs.subjectPublicKeyInfo.subjectPublicKey.byteLength);
  for (const extension of tbs.extensions ?? []) {
    if (extension.extnID === '2.5.29.14' || extension.extnID === '2.5.29.35') extension.extnValue.buffer = new ArrayBuffer(extension.extnValue.byteLength);
  }
  return Buffer.from(AsnConvert.serialize(tbs)).toString('hex');
}

test('card certificates keep every profile field byte for byte, whether the key comes as a CryptoKey or as the chip\'s SubjectPublicKeyInfo', async () => {
  const signingCa = await issuingAuthority(hierarchy, 'card-sign', keyStore);
  const chip = CardChip.blank('chip-shape');
  for (const publicKey of [await cardPublicKey(), await chip.generateKeyPairInfo('authentication')]) {
    const validity = { notBefore: NOW, notAfter: yearsAfter(NOW, 5) };
    const authentication = await signCardAuthentication(ca, { subject: person, publicKey, ...validity, urls: urls(hierarchy, 'card-auth') });
    const signing = await signCardSigning(signingCa, { subject: person, publicKey, ...validity, urls: urls(hierarchy, 'card-sign') });
    assert.equal(profileShape(authentication.der), shapes.authentication);
    assert.equal(profileShape(signing.der), shapes.signing);
  }
});
