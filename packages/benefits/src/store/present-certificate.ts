// SPDX-License-Identifier: Apache-2.0
import { and, eq, isNull } from 'drizzle-orm';
import { CertificateNotExpected, ConsentRequired } from '../benefits-errors.ts';
import { acceptHouseholdCertificate, type HouseholdCertificate } from '../domain/proactive/household-certificate.ts';
import { recordBenefitEvent, type BenefitsDeps } from './benefits-deps.ts';
import { applications, people } from './schema.ts';

type Deps = Pick<BenefitsDeps, 'db' | 'clock' | 'certificates'>;

async function awaiting(deps: Deps, o: { subject: string; applicationId: string }) {
  const [row] = await deps.db.select({ a: applications, subject: people.subject }).from(applications).innerJoin(people, eq(people.id, applications.personId))
    .where(and(eq(applications.id, o.applicationId), eq(people.subject, o.subject)));
  if (!row) throw new ConsentRequired('There is no such application of yours.');
  if (row.a.status !== 'awaiting-certificate' || !deps.certificates) throw new CertificateNotExpected('This application does not wait for a certificate.');
  return { a: row.a, certificates: deps.certificates };
}

/**
 * Opens, at the verifier, the request the person answers from their wallet with their
 * household-register certificate (the verifier's call first, then one transaction that ties the
 * request to the application, with its log event). Asking again replaces an unanswered request.
 */
export async function requestCertificate(deps: Deps, o: { subject: string; applicationId: string }): Promise<{ link: string; expiresAt: Date }> {
  const { a, certificates } = await awaiting(deps, o);
  const opened = await certificates.open({ template: 'household-register' });
  await deps.db.transaction(async (tx) => {
    const updated = await tx.update(applications).set({ certificateRequest: opened.requestId, certificateLink: opened.link })
      .where(and(eq(applications.id, a.id), eq(applications.status, 'awaiting-certificate'))).returning({ id: applications.id });
    if (!updated.length) throw new CertificateNotExpected('This application does not wait for a certificate.');
    await recordBenefitEvent(tx, deps.clock, { type: 'application.certificate-requested', subject: a.id, actor: 'person', data: { programme: a.programme, template: 'household-register' } });
  });
  return { link: opened.link, expiresAt: opened.expiresAt };
}

/**
 * Reads the verifier's outcome for the application's request and, once the person presented a
 * certificate that is theirs (`acceptHouseholdCertificate`), records it on the application in
 * place of the paper copy: one transaction sets the certificate, makes the application ready to
 * send (the agency receives the certificate with it) and logs `application.certificate-verified`
 * (programme, type and issuer; no personal data). Not answered yet: `pending`, nothing changes;
 * refused or not acceptable: `ERR_CERTIFICATE_REFUSED`, nothing changes, and the person may ask again.
 */
export async function recordPresentedCertificate(deps: Deps, o: { subject: string; applicationId: string }): Promise<{ status: 'pending' } | { status: 'verified'; certificate: HouseholdCertificate }> {
  const { a, certificates } = await awaiting(deps, o);
  if (!a.certificateRequest) return { status: 'pending' };
  const outcome = await certificates.outcome(a.certificateRequest);
  if (outcome.status === 'pending') return { status: 'pending' };
  const certificate = acceptHouseholdCertificate(outcome, {
    applicant: o.subject, beneficiary: a.beneficiary, vct: certificates.vct, issuers: certificates.issuers, requestId: a.certificateRequest, now: deps.clock.now(), subjectOf: certificates.subjectOf,
  });
  await deps.db.transaction(async (tx) => {
    const updated = await tx.update(applications).set({ certificate, status: 'pending', certificateLink: null })
      .where(and(eq(applications.id, a.id), eq(applications.status, 'awaiting-certificate'), eq(applications.certificateRequest, a.certificateRequest!), isNull(applications.certificate))).returning({ id: applications.id });
    if (!updated.length) throw new CertificateNotExpected('The certificate was already recorded.');
    await recordBenefitEvent(tx, deps.clock, { type: 'application.certificate-verified', subject: a.id, actor: 'person', data: { programme: a.programme, vct: certificate.vct, issuer: certificate.issuer } });
  });
  return { status: 'verified', certificate };
}
