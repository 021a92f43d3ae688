// SPDX-License-Identifier: Apache-2.0
import { CertificateRefused } from '../../benefits-errors.ts';

/** One credential the verifier verified (signature, issuer trust, status, holder binding), as its REST API reports it. */
export interface VerifiedCredential {
  readonly vct: string;
  readonly issuer: string;
  readonly claims: Readonly<Record<string, unknown>>;
}

/** The verifier's outcome for one presentation request. */
export type CertificateOutcome =
  | { readonly status: 'pending' }
  | { readonly status: 'refused'; readonly refusal: string }
  | { readonly status: 'verified'; readonly credentials: readonly VerifiedCredential[] };

/** What the application keeps of the verified certificate: what the agency would have read on the paper copy. */
export interface HouseholdCertificate {
  readonly vct: string;
  readonly issuer: string;
  readonly certificateNumber: string;
  readonly address: string;
  /** The household as registered, each member as the exchange names data subjects. */
  readonly members: readonly string[];
  readonly verifierRequest: string;
  readonly verifiedAt: string;
}

/**
 * Accepts a verified household-register certificate for an application, failing closed: the
 * verifier verified it; it is exactly one credential of the expected type from an issuer the
 * service trusts for it; it is the applicant's own (the personal identifier, as a data subject,
 * equal to the applicant's); and a member the benefit is for, other than the applicant or their
 * household as a whole, is listed in it.
 */
export function acceptHouseholdCertificate(outcome: CertificateOutcome, o: {
  applicant: string; beneficiary: string; vct: string; issuers: readonly string[]; requestId: string; now: Date;
  /** The exchange's data subject for a personal identifier in the certificate (the country prefix). */
  subjectOf(personalIdentifier: string): string;
}): HouseholdCertificate {
  if (outcome.status !== 'verified') throw new CertificateRefused('The verifier did not verify a certificate.');
  if (outcome.credentials.length !== 1) throw new CertificateRefused('Present exactly one household register certificate.');
  const [c] = outcome.credentials as [VerifiedCredential];
  if (c.vct !== o.vct || !o.issuers.includes(c.issuer)) throw new CertificateRefused('This is not a household register certificate from the register.');
  const { personal_identifier: pid, certificate_number: number, resident_address: address, household_members: members } = c.claims;
  if (typeof pid !== 'string' || o.subjectOf(pid) !== o.applicant) throw new CertificateRefused('The certificate is not yours.');
  if (typeof number !== 'string' || typeof address !== 'string' || !Array.isArray(members) || !members.every((m): m is string => typeof m === 'string')) throw new CertificateRefused('The certificate lacks its number, address or members.');
  const subjects = members.map((m) => o.subjectOf(m));
  // A household benefit is for the applicant's household, which is what the certificate shows.
  if (o.beneficiary !== o.applicant && o.beneficiary !== 'household' && !subjects.includes(o.beneficiary)) throw new CertificateRefused('The certificate does not list the person the benefit is for.');
  return { vct: c.vct, issuer: c.issuer, certificateNumber: number, address, members: subjects, verifierRequest: o.requestId, verifiedAt: o.now.toISOString() };
}
