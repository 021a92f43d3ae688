// SPDX-License-Identifier: Apache-2.0
import type { CertificateOutcome } from '../domain/proactive/household-certificate.ts';

/**
 * The verifier's REST API, the service being one of its relying parties (registered for the
 * household-register template): opens a presentation request the person answers from their
 * wallet, and reads its outcome. The verifier records the person's data-tracker entry.
 */
export interface CertificateVerifier {
  open(o: { template: 'household-register' }): Promise<{ requestId: string; link: string; expiresAt: Date }>;
  outcome(requestId: string): Promise<CertificateOutcome>;
  /** The credential type expected and the issuers trusted for it. */
  readonly vct: string;
  readonly issuers: readonly string[];
  subjectOf(personalIdentifier: string): string;
}
