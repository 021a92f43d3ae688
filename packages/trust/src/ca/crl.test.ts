// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CertificateInputInvalid } from '../trust-errors.ts';
import { cardAuthentication, type IssuingAuthority } from './certificate-profiles.ts';
import { buildCrl, crlToPem, RevocationReason } from './crl.ts';
import { issuingAuthority, type CaHierarchy } from './key-ceremony.ts';
import { cardPublicKey, memoryHierarchy, NOW, openssl, opensslFailure, TempDir, urls, verifyArgs, yearsAfter } from './test-support.ts';

const person = { surname: 'Tamm', givenNames: 'Mari', identificationCode: '48001010000', country: 'EE' };
let hierarchy: CaHierarchy;
let ca: IssuingAuthority;
let dir: TempDir;
const day = 86_400_000;

before(async () => {
  const made = await memoryHierarchy();
  hierarchy = made.hierarchy;
  ca = await issuingAuthority(hierarchy, 'card-auth', made.keyStore);
  dir = new TempDir();
});
after(() => dir.remove());

const issueCard = async () => cardAuthentication(ca, { subject: person, publicKey: await cardPublicKey(), notBefore: NOW, notAfter: yearsAfter(NOW, 5), urls: urls(hierarchy, 'card-auth') });

test('a CRL lists a suspended card with reason Certificate Hold and verifies under its issuing CA', async () => {
  const held = await issueCard();
  const crl = await buildCrl(ca, {
    crlNumber: 7, thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + day),
    entries: [
      { serialNumber: held.serialNumber, revocationDate: NOW, reason: RevocationReason.certificateHold },
      { serialNumber: '0badc0de', revocationDate: NOW, reason: RevocationReason.keyCompromise, invalidityDate: new Date(NOW.getTime() - day) },
      { serialNumber: '0c0ffee0', revocationDate: NOW },
    ],
  });
  const out = openssl(['crl', '-verify', '-noout', '-text', '-CAfile', dir.write('issuing.pem', hierarchy.issuing['card-auth'].pem), '-in', dir.write('crl.pem', crlToPem(crl))]);
  assert.match(out, /Version 2 \(0x1\)/);
  assert.match(out, /CRL Number: \n\s+7\n/);
  const ski = /Subject Key Identifier: \n\s+([0-9A-F:]+)/.exec(openssl(['x509', '-noout', '-text', '-in', dir.path + '/issuing.pem']))?.[1];
  assert.ok(ski);
  assert.match(out, new RegExp(`Authority Key Identifier: \\n\\s+${ski}`));
  assert.match(out, /Next Update: Mar {2}3 10:00:00 2026 GMT/);
  const heldEntry = new RegExp(`Serial Number: ${held.serialNumber.toUpperCase()}\\n\\s+Revocation Date: [^\\n]+\\n\\s+CRL entry extensions:\\n\\s+X509v3 CRL Reason Code: \\n\\s+Certificate Hold`);
  assert.match(out, heldEntry);
  assert.match(out, /Key Compromise/);
  assert.match(out, /Invalidity Date/);
  // Unspecified reason: no reasonCode extension at all (RFC 5280 §5.3.1).
  assert.match(out, /Serial Number: 0C0FFEE0\n\s+Revocation Date: [^\n]+\n(?!\s+CRL entry extensions)/);
});

test('openssl refuses a certificate the CRL holds and accepts one it does not list', async () => {
  const held = await issueCard();
  const fine = await issueCard();
  const crl = await buildCrl(ca, { crlNumber: 8, thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + day), entries: [{ serialNumber: held.serialNumber, revocationDate: NOW, reason: RevocationReason.certificateHold }] });
  const crlFile = dir.write('current.crl.pem', crlToPem(crl));
  const check = ['-crl_check', '-CRLfile', crlFile];
  assert.match(opensslFailure(verifyArgs(dir, hierarchy.root.pem, hierarchy.issuing['card-auth'].pem, held.toString('pem'), check)), /certificate revoked/);
  assert.match(openssl(verifyArgs(dir, hierarchy.root.pem, hierarchy.issuing['card-auth'].pem, fine.toString('pem'), check)), /OK/);
});

test('a CRL signed by another CA does not verify under the issuing CA', async () => {
  const crl = await buildCrl(ca, { crlNumber: 1, thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + day), entries: [] });
  const out = opensslFailure(['crl', '-verify', '-noout', '-CAfile', dir.write('other.pem', hierarchy.issuing['card-sign'].pem), '-in', dir.write('crl.pem', crlToPem(crl))]);
  assert.doesNotMatch(out, /verify OK/);
});

test('CRL input that would make a wrong CRL is refused', async () => {
  const base = { crlNumber: 1, thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + day), entries: [] };
  await assert.rejects(buildCrl(ca, { ...base, nextUpdate: NOW }), CertificateInputInvalid);
  await assert.rejects(buildCrl(ca, { ...base, crlNumber: -1 }), CertificateInputInvalid);
  await assert.rejects(buildCrl(ca, { ...base, entries: [{ serialNumber: 'xyz', revocationDate: NOW }] }), CertificateInputInvalid);
  await assert.rejects(buildCrl(ca, { ...base, entries: [{ serialNumber: '01', revocationDate: NOW, reason: RevocationReason.removeFromCRL }] }), CertificateInputInvalid);
});
