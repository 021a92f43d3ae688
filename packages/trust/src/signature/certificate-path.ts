// SPDX-License-Identifier: Apache-2.0
import type { X509Certificate } from '@peculiar/x509';
import { validateCertificatePath, type TrustAnchors } from '../path/validate-certificate-path.ts';

export type { TrustAnchors } from '../path/validate-certificate-path.ts';

/** The path from a card or service certificate to a trusted root at `at`; see `validateCertificatePath`. */
export async function verifyCertificatePath(leaf: X509Certificate, anchors: TrustAnchors, at: Date): Promise<{ ok: true; issuer: X509Certificate } | { ok: false; reason: string }> {
  return validateCertificatePath(leaf, anchors, { at });
}
