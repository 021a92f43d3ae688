// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import { ValidationFailed } from '@tessera/platform';
import { ConsentRequired } from '../benefits-errors.ts';
import { recordBenefitEvent, type BenefitsDeps } from './benefits-deps.ts';
import { fetchedData, people } from './schema.ts';

/**
 * The person states the price of the home they want to buy, so the loan rules can say how much
 * they could borrow. Kept under the financial tier, so it goes when that consent does.
 */
export async function declareHousePrice(deps: Pick<BenefitsDeps, 'db' | 'clock'>, o: { subject: string; price: number }): Promise<void> {
  if (!Number.isInteger(o.price) || o.price <= 0 || o.price > 100_000_000_000) throw new ValidationFailed([{ code: 'price', path: '/price', message: 'Give the price as a whole number above zero.' }]);
  await deps.db.transaction(async (tx) => {
    const [person] = await tx.select().from(people).where(eq(people.subject, o.subject)).for('update');
    if (person?.tier !== 'financial') throw new ConsentRequired('Share financial data (the financial tier) to ask how much you could borrow.');
    const now = deps.clock.now();
    const row = { personId: person.id, source: 'declared', subject: o.subject, tier: 'financial' as const, inputs: { household: { house_price: o.price } }, fetchedAt: now };
    await tx.insert(fetchedData).values(row).onConflictDoUpdate({ target: [fetchedData.personId, fetchedData.source, fetchedData.subject, fetchedData.tier], set: { inputs: row.inputs, fetchedAt: now } });
    await recordBenefitEvent(tx, deps.clock, { type: 'declared.house-price', subject: person.id, actor: 'person' });
  });
}
