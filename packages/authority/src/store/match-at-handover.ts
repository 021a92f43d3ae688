// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import type { BiometricResult } from '../domain/biometrics/biometric-matcher.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { CardNotAtCentre } from '../domain/authority-errors.ts';
import { getApplicationFile } from './get-application.ts';
import { recordChange, type ApplicationChange } from './record-change.ts';
import { applications, cardCustody } from './schema.ts';

/** Who reads the enrolled photo for the matcher, and why (shared with `importCentreCustody`). */
export const biometricAccess = (location: string, operator: string) => ({ staffId: `${location}:${operator}`, purpose: 'biometric comparison at handover' });

/** The history of a comparison at a handover: the matcher's score and decision (shared with `importCentreCustody`). */
export const biometricChecked = (applicationId: string, location: string, operator: string, matcher: string, result: BiometricResult, at: Date): ApplicationChange => ({
  applicationId, actor: `${location}:${operator}`, type: 'biometric_check', detail: { location, matcher, score: result.score, decision: result.decision }, at,
});

/**
 * Compares the sample a centre captured at the handover with the applicant's enrolled photo,
 * behind the authority's matcher; the score and decision join the application's history.
 */
export async function matchAtHandover(deps: AuthorityDeps, location: string, o: { reference: string; operator: string; sample: Uint8Array }): Promise<BiometricResult & { matcher: string }> {
  if (!deps.biometrics) throw new CardNotAtCentre('No biometric matcher is configured.');
  const events = await deps.db.select().from(cardCustody).where(eq(cardCustody.reference, o.reference));
  if (!events.some((e) => e.event === 'arrived' && e.location === location) || events.some((e) => ['missing', 'damaged', 'handed_over', 'returned', 'destroyed'].includes(e.event))) {
    throw new CardNotAtCentre('No card for this reference waits at this centre.');
  }
  const card = (await deps.cards?.cardsFor([o.reference]))?.get(o.reference);
  if (!card || card.pickupLocation !== location || card.state !== 'personalised') throw new CardNotAtCentre('No card on hold for this reference waits at this centre.');
  const [app] = await deps.db.select({ id: applications.id }).from(applications).where(and(eq(applications.reference, o.reference), eq(applications.status, 'approved')));
  if (!app) throw new CardNotAtCentre('No card for this reference waits at this centre.');
  const enrolled = await getApplicationFile(deps.db, deps.clock, app.id, 'photo', biometricAccess(location, o.operator));
  const result = await deps.biometrics.compare(new Uint8Array(enrolled.bytes), o.sample);
  await deps.db.transaction((tx) => recordChange(tx, deps.clock, biometricChecked(app.id, location, o.operator, deps.biometrics!.name, result, deps.clock.now())));
  return { ...result, matcher: deps.biometrics.name };
}
