// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import type { PersonDetails } from '@tessera/platform';
import type { AuthorityDeps } from './authority-deps.ts';
import { CardNotAtCentre } from '../domain/authority-errors.ts';
import { getApplicationFile } from './get-application.ts';
import { recordChange, type ApplicationChange } from './record-change.ts';
import { applications, cardCustody } from './schema.ts';

/** What a centre sees of an applicant, and only at the handover: what identifies the person. */
export interface HandoverIdentity extends PersonDetails {
  reference: string;
  document: { number: string; country: string; expiresOn: string };
  photo: { mediaType: string; base64: string };
}

/** Who reads the photo to identify the applicant, and why (shared with `importCentreCustody`). */
export const identityAccess = (location: string, operator: string) => ({ staffId: `${location}:${operator}`, purpose: 'identity check at handover' });

/** The history of releasing the applicant's identity to a centre (shared with `importCentreCustody`). */
export const identityReleased = (applicationId: string, location: string, operator: string, at: Date): ApplicationChange => ({ applicationId, actor: `${location}:${operator}`, type: 'identity_released', detail: { location }, at });

/**
 * The applicant's identifying data for a handover at `location`: only for a card checked in
 * there, still on hold and not yet handed over or gone; the data subject the centre declared must be the
 * card's holder (so no read is hidden from their data tracker). Each read is recorded with the
 * centre operator and purpose in the application's access log.
 */
export async function identifyForHandover(deps: AuthorityDeps, location: string, o: { reference: string; operator: string; dataSubject: string | undefined }): Promise<HandoverIdentity> {
  const events = await deps.db.select().from(cardCustody).where(eq(cardCustody.reference, o.reference));
  if (!events.some((e) => e.event === 'arrived' && e.location === location) || events.some((e) => ['missing', 'damaged', 'handed_over', 'returned', 'destroyed'].includes(e.event))) {
    throw new CardNotAtCentre('No card for this reference waits at this centre.');
  }
  const card = (await deps.cards?.cardsFor([o.reference]))?.get(o.reference);
  if (!card || card.pickupLocation !== location || o.dataSubject !== `EE${card.holderCode}`) throw new CardNotAtCentre('No card for this reference and person waits at this centre.');
  // A card revoked (or otherwise changed) since it left the bureau is handed to no one: nobody is identified for it.
  if (card.state !== 'personalised') throw new CardNotAtCentre('This card cannot be handed over: it is no longer on hold for its holder.');
  const [app] = await deps.db.select().from(applications).where(and(eq(applications.reference, o.reference), eq(applications.status, 'approved')));
  if (!app) throw new CardNotAtCentre('No card for this reference waits at this centre.');
  const photo = await getApplicationFile(deps.db, deps.clock, app.id, 'photo', identityAccess(location, o.operator));
  await deps.db.transaction(async (tx) => {
    await recordChange(tx, deps.clock, identityReleased(app.id, location, o.operator, deps.clock.now()));
  });
  return {
    reference: app.reference, givenNames: app.givenNames, surname: app.surname, dateOfBirth: app.dateOfBirth, sex: app.sex, citizenship: app.citizenship,
    document: { number: app.documentNumber, country: app.documentCountry, expiresOn: app.documentExpiresOn },
    photo: { mediaType: photo.mediaType, base64: Buffer.from(photo.bytes).toString('base64') },
  };
}
