// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import type { CertificateStatusSource } from '@tessera/trust';
import { StatusFeedMissing } from '../../domain/credentials-errors.ts';
import type { DocumentStatusSource } from '../../domain/status/document-status-source.ts';

/**
 * The ID card register as a document status source: a card is its authentication certificate
 * (the one the holder signs in with), asked of the same status source the OCSP responder uses.
 * good → valid; on hold (certificateHold) → suspended; revoked, expired or unknown → revoked.
 */
export function cardDocumentStatus(source: CertificateStatusSource & { onResync?(listener: () => void): () => void }, cardAuthCaDer: Uint8Array): DocumentStatusSource {
  const ca = AsnConvert.parse(cardAuthCaDer, Certificate);
  // RFC 6960 §4.1.1: the key hash covers the BIT STRING value of the CA's subjectPublicKey.
  const keyHash = new Uint8Array(createHash('sha1').update(new Uint8Array(ca.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)).digest());
  return {
    async status(ref) {
      const status = await source.status(keyHash, ref);
      if (status.kind === 'good') return 'valid';
      if (status.kind === 'revoked' && status.reason === 'certificateHold') return 'suspended';
      return 'revoked';
    },
    onChange(listener) {
      if (!source.onChange) throw new StatusFeedMissing();
      return source.onChange(listener);
    },
    ...(source.onResync ? { onResync: (listener: () => void) => source.onResync!(listener) } : {}),
  };
}
