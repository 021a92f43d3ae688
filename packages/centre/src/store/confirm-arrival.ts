// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import type { StaffPrincipal } from '@tessera/platform';
import type { CentreDeps } from './centre-deps.ts';
import { staffCentre } from './centre-scope.ts';
import { recordCustody } from './record-custody.ts';
import type { StockRow } from './schema.ts';

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * The operator checks one card of a shipment in, by scanning or typing its document number: it
 * is in stock, and the applicant's booking link is made (kept only as its hash here; the link
 * itself goes once to the authority, which e-mails the applicant).
 */
export async function confirmArrival(deps: CentreDeps, staff: StaffPrincipal, documentNumber: string): Promise<StockRow> {
  const centre = await staffCentre(deps, staff);
  return deps.db.transaction((tx) => recordCustody(tx, deps, centre, { documentNumber: documentNumber.trim().toUpperCase(), ...arrival(deps, staff.id, deps.randomToken(), deps.clock.now()) }));
}

/** The custody change of a card's arrival: booking link made from `token`, kept here only as its hash (shared with `importCards`). */
export function arrival(deps: Pick<CentreDeps, 'publicUrl'>, actor: string, token: string, at: Date) {
  const bookingUrl = new URL(`/book/${token}`, deps.publicUrl).toString();
  return { event: 'arrived' as const, actor, detail: { bookingUrl }, extra: { arrivedAt: at, bookingTokenHash: tokenHash(token) } };
}
