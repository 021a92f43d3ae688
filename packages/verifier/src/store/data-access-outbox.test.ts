// SPDX-License-Identifier: Apache-2.0
// A verifier apart from the person's data tracker: the entry is queued with the outcome and
// reported after the commit, retried until the tracker takes it, once per presentation.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import { ISSUER_URL } from '@tessera/credentials/testing';
import type { RelyingPartyRegistration } from './register-relying-party.ts';
import { openVerifierFixture, type VerifierFixture } from '../testing/verifier-fixture.ts';
import { createPresentationRequest } from './create-presentation-request.ts';
import { deliverDataAccessReports, outboxDataTracker, type DataAccessReport } from './data-access-outbox.ts';
import { receiveResponse } from './receive-response.ts';
import { requestObject } from './request-object.ts';
import { dataAccessReports } from './schema.ts';
import type { VerifierDeps } from './verifier-deps.ts';

const ID_CARD = `${ISSUER_URL}/types/ee.ppa.id-card`;
const OFFICE: RelyingPartyRegistration = {
  id: 'district-office', name: { en: 'District office', ko: '구청', et: 'Linnaosa valitsus' }, purpose: { en: 'Identifying the applicant', ko: '신청인 확인', et: 'Taotleja tuvastamine' },
  claims: [{ vct: ID_CARD, claims: ['personal_identifier', 'given_name'] }],
};
const query = { credentials: [{ id: 'id', format: 'dc+sd-jwt', meta: { vct_values: [ID_CARD] }, claims: [{ path: ['personal_identifier'] }, { path: ['given_name'] }] }] };

describe('the data-tracker outbox of a verifier in a part of its own', { timeout: 180_000 }, () => {
  let f: VerifierFixture;
  let deps: VerifierDeps;
  let credential: string;

  before(async () => {
    f = await openVerifierFixture({ register: [OFFICE] });
    deps = { ...f.deps, dataTracker: outboxDataTracker(f.deps.clock) };
    credential = await f.credential('ee.ppa.id-card');
  });
  after(async () => f?.close());

  const present = async (o: { nonce?: string } = {}) => {
    const created = await createPresentationRequest(deps, { relyingPartyId: OFFICE.id, dcqlQuery: query, responseMode: 'direct_post' }, 'clerk-1');
    const r = decodeJwt(await requestObject(deps, created.id)) as { nonce: string; state: string; client_id: string };
    const presentation = await f.present(credential, { disclose: ['personal_identifier', 'given_name'], nonce: o.nonce ?? r.nonce, aud: r.client_id });
    return { id: created.id, outcome: await receiveResponse(deps, created.id, { vp_token: JSON.stringify({ id: [presentation] }), state: r.state }) };
  };
  const queued = (requestId: string) => deps.db.select().from(dataAccessReports).where(eq(dataAccessReports.messageId, `${requestId}:id`));

  it('queues the person’s entry with the verified outcome, and reports it only after the commit, until the tracker takes it', async () => {
    const { id, outcome } = await present();
    assert.equal(outcome.status, 'verified');
    const [row] = await queued(id);
    assert.deepEqual([row!.identificationCode, row!.client, row!.purpose, row!.service, row!.deliveredAt], [f.holder.card.holderCode, 'District office', 'Identifying the applicant', 'presentation:ee.ppa.id-card', null]);

    // The tracker is down: the report stays, due again after the backoff.
    const down = await deliverDataAccessReports({ db: deps.db, clock: deps.clock, retryDelayMs: () => 1_000, send: async () => { throw new Error('unreachable'); } });
    assert.deepEqual(down, { delivered: 0, failed: 1 });
    const [failed] = await queued(id);
    assert.deepEqual([failed!.attempts, failed!.deliveredAt, failed!.lastError], [1, null, 'Error']);

    f.issuer.trust.clock.advance(1_000);
    const sent: DataAccessReport[] = [];
    const up = await deliverDataAccessReports({ db: deps.db, clock: deps.clock, send: async (report) => void sent.push(report) });
    assert.deepEqual(up, { delivered: 1, failed: 0 });
    assert.deepEqual(sent.map((s) => [s.identificationCode, s.messageId, s.service]), [[f.holder.card.holderCode, `${id}:id`, 'presentation:ee.ppa.id-card']]);
    // Delivered once: nothing is sent again.
    assert.deepEqual(await deliverDataAccessReports({ db: deps.db, clock: deps.clock, send: async (report) => void sent.push(report) }), { delivered: 0, failed: 0 });
    assert.equal(sent.length, 1);
  });

  it('queues nothing for a refused presentation: no data was released', async () => {
    const { id, outcome } = await present({ nonce: 'not-the-request-nonce' });
    assert.equal(outcome.status, 'refused');
    assert.deepEqual(await queued(id), []);
  });

  it('a report claimed by a sender that stopped (died, hung) is sent by another once its lease ends', async () => {
    const { id } = await present();
    let claimed!: () => void;
    const called = new Promise<void>((resolve) => (claimed = resolve));
    let release!: () => void;
    // This sender claims the report and then never answers, as a process that died mid-send.
    const hung = deliverDataAccessReports({ db: deps.db, clock: deps.clock, batchSize: 1, send: () => new Promise<void>((_resolve, reject) => { claimed(); release = () => reject(new Error('gone')); }) });
    await called;
    const sent: string[] = [];
    const other = { db: deps.db, clock: deps.clock, send: async (r: DataAccessReport) => void sent.push(r.messageId) };
    assert.deepEqual(await deliverDataAccessReports(other), { delivered: 0, failed: 0 }, 'leased to the first sender');
    f.issuer.trust.clock.advance(61_000);
    assert.deepEqual(await deliverDataAccessReports(other), { delivered: 1, failed: 0 });
    assert.deepEqual(sent, [`${id}:id`]);
    // The first sender's late failure does not undo the delivery.
    release();
    await hung;
    const [row] = await queued(id);
    assert.ok(row!.deliveredAt);
  });
});
