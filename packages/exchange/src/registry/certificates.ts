// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { createHash } from 'node:crypto';
import { BasicConstraintsExtension, X509Certificate } from '@peculiar/x509';
import type { ValidationIssue } from '@tessera/platform';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export type ParsedCertificate = { certificate: X509Certificate; der: Buffer; sha256: string };

/**
 * Parses a DER certificate, adding an issue instead of throwing, so it is reported with the
 * request's other problems. `at` refuses certificates that are not valid at that moment: a
 * registry that accepted an expired certificate would publish a gateway nobody can reach.
 */
export function parseCertificate(der: unknown, path: string, issues: ValidationIssue[], options: { at?: Date; ca?: boolean } = {}): ParsedCertificate | null {
  if (!(der instanceof Uint8Array) || der.length === 0 || der.length > 64 * 1024) {
    issues.push({ code: 'format', path, message: 'A DER-encoded X.509 certificate of at most 64 KiB is required.' });
    return null;
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(new Uint8Array(der));
  } catch {
    issues.push({ code: 'format', path, message: 'This is not a DER-encoded X.509 certificate.' });
    return null;
  }
  if (options.at && (certificate.notBefore > options.at || certificate.notAfter <= options.at)) {
    issues.push({ code: 'validity', path, message: 'The certificate is not valid now (expired or not yet valid).' });
    return null;
  }
  if (options.ca !== undefined) {
    const isCa = certificate.getExtension(BasicConstraintsExtension)?.ca === true;
    if (isCa !== options.ca) {
      issues.push({ code: 'certificate_kind', path, message: options.ca ? 'This is not a CA certificate.' : 'A CA certificate cannot be used here.' });
      return null;
    }
  }
  const bytes = Buffer.from(der);
  return { certificate, der: bytes, sha256: sha256Hex(bytes) };
}
