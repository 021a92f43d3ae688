// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import {
  AuthorityKeyIdentifierExtension, Extension, PemConverter, SubjectKeyIdentifierExtension, X509Crl, X509CrlGenerator,
} from '@peculiar/x509';
import { CertificateInputInvalid } from '../trust-errors.ts';
import type { IssuingAuthority } from './certificate-profiles.ts';
import { cryptoSigningWith } from './signer-crypto.ts';

/** RFC 5280 §5.3.1 CRLReason values (7 is unused). */
export const RevocationReason = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  /** Suspension ("suspend by phone"); lifted by leaving the entry off the next CRL. */
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type RevocationReason = (typeof RevocationReason)[keyof typeof RevocationReason];

export interface RevokedEntry {
  /** Certificate serial number, hex as X509Certificate.serialNumber gives it. */
  serialNumber: string;
  revocationDate: Date;
  /** Omitted or unspecified: no reasonCode extension, as RFC 5280 §5.3.1 asks. */
  reason?: RevocationReason;
  /** When the key is known or suspected to have been compromised (RFC 5280 §5.3.2). */
  invalidityDate?: Date;
}

export interface CrlInput {
  /** Monotonically increasing per issuer (RFC 5280 §5.2.3); the caller keeps the counter. */
  crlNumber: number;
  thisUpdate: Date;
  nextUpdate: Date;
  entries: readonly RevokedEntry[];
}

const SERIAL = /^[0-9a-fA-F]{1,40}$/;
const REASONS = new Set<number>(Object.values(RevocationReason));

/**
 * A full v2 CRL of `issuer`, with CRL number and AKI, signed through the key store. Entries for
 * certificateHold are how suspension shows on the CRL; resuming drops the entry from the next
 * full CRL, so removeFromCRL (delta CRLs only) is refused here.
 */
export async function buildCrl(issuer: IssuingAuthority, input: CrlInput): Promise<X509Crl> {
  if (!Number.isSafeInteger(input.crlNumber) || input.crlNumber < 0) throw new CertificateInputInvalid('The CRL number must be a non-negative integer.');
  if (Number.isNaN(input.thisUpdate.getTime()) || !(input.nextUpdate > input.thisUpdate)) {
    throw new CertificateInputInvalid('nextUpdate must come after thisUpdate.');
  }
  for (const entry of input.entries) {
    if (!SERIAL.test(entry.serialNumber)) throw new CertificateInputInvalid(`"${entry.serialNumber}" is not a hex serial number.`);
    if (entry.reason !== undefined && !REASONS.has(entry.reason)) throw new CertificateInputInvalid(`${String(entry.reason)} is not a CRL reason.`);
    if (entry.reason === RevocationReason.removeFromCRL) throw new CertificateInputInvalid('removeFromCRL belongs in delta CRLs; leave the entry out of the full CRL instead.');
  }
  const ski = issuer.certificate.getExtension(SubjectKeyIdentifierExtension);
  if (!ski) throw new CertificateInputInvalid('The issuing CA certificate has no subject key identifier.');
  const { signer } = issuer;
  return X509CrlGenerator.create({
    issuer: issuer.certificate.subjectName,
    thisUpdate: input.thisUpdate,
    nextUpdate: input.nextUpdate,
    signingKey: signer.publicKey,
    signingAlgorithm: { name: 'ECDSA', hash: signer.algorithm.hash },
    extensions: [
      new AuthorityKeyIdentifierExtension(ski.keyId),
      new Extension(id_ce_cRLNumber, false, AsnConvert.serialize(new CRLNumber(input.crlNumber))),
    ],
    entries: input.entries.map((entry) => ({
      serialNumber: entry.serialNumber,
      revocationDate: entry.revocationDate,
      // The library writes reasonCode only for a non-zero reason, which is what RFC 5280 wants.
      ...(entry.reason === undefined ? {} : { reason: entry.reason }),
      ...(entry.invalidityDate === undefined ? {} : { invalidity: entry.invalidityDate }),
    })),
  }, cryptoSigningWith(signer));
}

/** PEM with the "X509 CRL" label of RFC 7468 §5, which OpenSSL requires (the library writes "CRL"). */
export function crlToPem(crl: X509Crl): string {
  return `${PemConverter.encode(crl.rawData, 'X509 CRL')}\n`;
}
