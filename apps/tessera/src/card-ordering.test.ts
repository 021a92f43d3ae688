// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideApplication, getApplication, recordPaymentEvent, retryCardOrders, startPayment, submitApplication } from '@tessera/authority';
import { openAuthorityFixture, sampleFiles, sampleForm, type AuthorityFixture } from '@tessera/authority/testing';
import { findCardByOrder } from '@tessera/trust';
import { openTrustFixture, type TrustFixture } from '@tessera/trust/testing';
import { trustCardDesk } from './card-desk.ts';

// The authority and the card issuer, each on its own storage, joined by the card desk as in `npm start`.
let authority: AuthorityFixture;
let trust: TrustFixture;
before(async () => {
  [authority, trust] = await Promise.all([openAuthorityFixture(), openTrustFixture()]);
});
after(async () => {
  await Promise.all([authority?.storage.close(), trust?.close()]);
});

let documentNumber = 0;
async function approvedApplication(): Promise<{ id: string; reference: string }> {
  documentNumber++;
  // Different people, so the duplicate check does not flag them for a second officer.
  const surname = ['Cha', 'Yoon', 'Seo', 'Hwang'][documentNumber - 1]!;
  const submitted = await submitApplication(authority.deps, sampleForm({ surname, givenNames: `Ji-${surname}`, documentNumber: `M7700000${documentNumber}` }), sampleFiles());
  await startPayment(authority.deps, submitted.statusToken);
  const payment = authority.payments.payments.at(-1)!;
  await recordPaymentEvent(authority.deps, { type: 'payment.succeeded', paymentId: payment.paymentId, reference: payment.reference, amountMinor: payment.amountMinor, currency: payment.currency });
  // No desk yet: the approval commits with no card ordered, as when the issuer is down.
  const result = await decideApplication({ ...authority.deps, cards: undefined }, submitted.id, 'officer-1', { decision: 'approve' });
  assert.equal(result.status, 'approved');
  return submitted;
}

const detail = (id: string) => getApplication(authority.deps.db, authority.clock, id, { staffId: 'officer-1', purpose: 'test of card ordering' });
const cardNumberOf = async (id: string) => (await detail(id)).application.cardDocumentNumber;

test('a crash between the issuer making the card and the authority recording it is healed by the retry: the same card, recorded once', async () => {
  const app = await approvedApplication();
  const desk = trustCardDesk(trust.deps);
  // The issuer made the card, but the authority died before it wrote the answer down.
  const [made] = await desk.order([{ reference: app.reference, givenNames: 'Ji-woo', surname: 'Cha', dateOfBirth: '1990-01-01', sex: 'F', citizenship: 'KR', pickupLocation: 'seoul-vfs' }], 'officer-1');
  assert.equal(await cardNumberOf(app.id), null);

  assert.equal(await retryCardOrders({ ...authority.deps, cards: desk }), 1);
  assert.equal(await cardNumberOf(app.id), made!.documentNumber, 'the card already made, not a refusal or a second card');
  assert.equal((await findCardByOrder(trust.deps.db, app.reference)).documentNumber, made!.documentNumber);
  const history = (await detail(app.id)).history.filter((h) => h.type === 'card_ordered');
  assert.equal(history.length, 1);
  assert.equal(await retryCardOrders({ ...authority.deps, cards: desk }), 0, 'nothing is left to order');
});

test('a card order the issuer refuses is reported, not retried silently, and does not hold up the other orders', async () => {
  const refused = await approvedApplication();
  const fine = await approvedApplication();
  const real = trustCardDesk(trust.deps);
  const desk = { ...real, order: async (requests: Parameters<typeof real.order>[0], actor: string) => {
    if (requests.some((r) => r.reference === refused.reference)) throw new Error('the issuer refuses this order');
    return real.order(requests, actor);
  } };
  await assert.rejects(retryCardOrders({ ...authority.deps, cards: desk }), (error: unknown) => error instanceof AggregateError && error.errors.length === 1);
  assert.notEqual(await cardNumberOf(fine.id), null, 'the other application got its card');
  assert.equal(await cardNumberOf(refused.id), null);
});
