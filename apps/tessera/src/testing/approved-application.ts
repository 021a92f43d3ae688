// SPDX-License-Identifier: Apache-2.0
import { decideApplication, retryCardOrders, specimenPassportScan, specimenPortrait, startPayment, submitApplication, type ApplicationForm, type CardSummary } from '@tessera/authority';
import type { Federation } from '../federation.ts';

export interface ApprovedApplication {
  id: string;
  reference: string;
  /** The photo the applicant uploaded. */
  photo: Uint8Array;
  /** The card the bureau made for it. */
  card: CardSummary;
}

/**
 * `form` taken to approval the way applicants and officers do: submitted with the specimen photo
 * and passport scan, paid, approved (by a second officer where the first decision needs one), and
 * its card ordered.
 */
export async function approvedApplication(federation: Federation, form: ApplicationForm): Promise<ApprovedApplication> {
  const photo = specimenPortrait();
  const submitted = await submitApplication(federation.authority, form, { photo: { bytes: photo }, passportScan: { bytes: specimenPassportScan(form.documentNumber) } });
  await federation.pay((await startPayment(federation.authority, submitted.statusToken)).redirectUrl);
  const first = await decideApplication(federation.authority, submitted.id, 'officer-a', { decision: 'approve' });
  if (first.status !== 'approved') await decideApplication(federation.authority, submitted.id, 'officer-b', { decision: 'approve' });
  await retryCardOrders(federation.authority);
  const card = (await federation.authority.cards?.cardsFor([submitted.reference]))?.get(submitted.reference);
  if (!card) throw new Error(`no card was ordered for ${submitted.reference}`);
  return { id: submitted.id, reference: submitted.reference, photo: new Uint8Array(photo), card };
}
