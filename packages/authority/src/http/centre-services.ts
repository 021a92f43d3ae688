// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import type { Server } from '@tessera/platform';
import type { AuthorityDeps } from '../store/authority-deps.ts';
import { centreForClient } from '../store/partner-centres.ts';
import { handOverAtCentre } from '../store/hand-over-at-centre.ts';
import { recordCustodyReports } from '../store/record-custody-reports.ts';
import { identifyForHandover } from '../store/identify-for-handover.ts';
import { matchAtHandover } from '../store/match-at-handover.ts';
import { reconcileCentre } from '../store/reconcile-centre.ts';
import { acceptCentreTreeHead, latestCentreTreeHead } from '../store/accept-centre-tree-head.ts';
import { pendingLogClaims } from '../store/centre-log-claims.ts';

const Reference = Type.String({ pattern: '^ER-\\d{4}-\\d{6}$' });
const DocumentNumber = Type.String({ pattern: '^[A-Z0-9]{6,12}$' });
const Actor = Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\w.:@-]+$' });

/** The centre's own log entry recording the action (canonical JSON, ids only). */
const LogEntry = Type.String({ minLength: 2, maxLength: 2000 });

const CustodyReports = Type.Object({
  reports: Type.Array(Type.Object({
    reference: Reference,
    documentNumber: DocumentNumber,
    event: Type.Union(['arrived', 'missing', 'damaged', 'returned', 'destroyed', 'handover_stopped'].map((e) => Type.Literal(e))),
    reason: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    actor: Actor,
    at: Type.String({ format: 'date-time' }),
    bookingUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 500 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    pickup: Type.Optional(Type.Object({ address: Type.String({ maxLength: 300 }), hours: Type.String({ maxLength: 300 }) }, { additionalProperties: false })),
    logEntry: LogEntry,
  }, { additionalProperties: false }), { maxItems: 200 }),
}, { additionalProperties: false });

/**
 * The authority's services for its partner centres, as its information system serves them behind
 * its exchange gateway (under `prefix`, e.g. `/authority`): the card manifest (state of the cards
 * sent to the caller), handovers, custody reports, and the centre's signed log heads. Every route first maps the calling
 * subsystem, exactly as the provider gateway authenticated it in `X-Road-Client`, to its centre;
 * a caller that is not an active centre is refused, and a card sent elsewhere is unknown.
 */
export function registerCentreServices(server: Server, deps: AuthorityDeps, o: {
  prefix: string;
  /**
   * The exchange's data-subject header: the provider gateway passes the subject the caller
   * declared in it, and records (and checks) a personal-data answer under the one it names.
   */
  dataSubjectHeader: string;
}): void {
  server.get(`${o.prefix}/card-manifests/cards`, { schema: { querystring: Type.Object({ references: Type.String({ maxLength: 5000 }) }) } }, async (request) => {
    const centre = await centreForClient(deps.db, request.headers['x-road-client']);
    const references = request.query.references.split(',').filter((r) => /^ER-\d{4}-\d{6}$/.test(r)).slice(0, 200);
    const cards = deps.cards ? await deps.cards.cardsFor(references) : new Map();
    return { cards: [...cards].filter(([, card]) => card.pickupLocation === centre).map(([reference, card]) => ({ reference, ...card })) };
  });

  server.post(`${o.prefix}/handovers/handovers/:reference`, { schema: { params: Type.Object({ reference: Reference }), body: Type.Object({ confirmedBy: Actor, logEntry: LogEntry }, { additionalProperties: false }) } }, async (request) => {
    const centre = await centreForClient(deps.db, request.headers['x-road-client']);
    return handOverAtCentre(deps, centre, request.params.reference, request.body.confirmedBy, request.body.logEntry);
  });

  server.get(`${o.prefix}/identities/identities/:reference`, { schema: { params: Type.Object({ reference: Reference }), querystring: Type.Object({ operator: Actor }) } }, async (request, reply) => {
    const centre = await centreForClient(deps.db, request.headers['x-road-client']);
    const subject = request.headers[o.dataSubjectHeader.toLowerCase()];
    const identity = await identifyForHandover(deps, centre, { reference: request.params.reference, operator: request.query.operator, dataSubject: typeof subject === 'string' ? subject : undefined });
    // Only reached when the declared subject is the card's holder: the answer is about that person.
    reply.header(o.dataSubjectHeader, subject);
    return identity;
  });

  server.post(`${o.prefix}/biometric-checks/checks/:reference`, { schema: { params: Type.Object({ reference: Reference }), body: Type.Object({ operator: Actor, sample: Type.String({ maxLength: 8_000_000, pattern: '^[A-Za-z0-9+/=]*$' }) }, { additionalProperties: false }) } }, async (request) => {
    const centre = await centreForClient(deps.db, request.headers['x-road-client']);
    return matchAtHandover(deps, centre, { reference: request.params.reference, operator: request.body.operator, sample: new Uint8Array(Buffer.from(request.body.sample, 'base64')) });
  });

  server.post(`${o.prefix}/reconciliations/reports`, {
    schema: { body: Type.Object({ cards: Type.Array(Type.Object({ documentNumber: DocumentNumber, state: Type.String({ pattern: '^[a-z_]{1,20}$' }) }, { additionalProperties: false }), { maxItems: 20_000 }) }, { additionalProperties: false }) },
  }, async (request) => {
    const centre = await centreForClient(deps.db, request.headers['x-road-client']);
    return reconcileCentre(deps, centre, request.body.cards);
  });

  const Hash = Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' });
  server.get(`${o.prefix}/centre-logs/tree-heads/latest`, async (request) => {
    const centre = await centreForClient(deps.db, request.headers['x-road-client']);
    const head = await latestCentreTreeHead(deps, centre);
    // The entries of reported actions still to be proven: the centre answers with their inclusion proofs.
    return { head: head ? { size: head.size, rootHash: head.rootHash, timestamp: head.timestamp.toISOString() } : null, pending: await pendingLogClaims(deps.db, centre) };
  });

  server.post(`${o.prefix}/centre-logs/tree-heads`, {
    schema: {
      body: Type.Object({
        head: Type.Object({ size: Type.Integer({ minimum: 0 }), rootHash: Hash, timestamp: Type.String({ format: 'date-time' }), signature: Type.String({ maxLength: 2000, pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' }) }, { additionalProperties: false }),
        from: Type.Integer({ minimum: 0 }),
        consistency: Type.Array(Hash, { maxItems: 128 }),
        inclusions: Type.Optional(Type.Array(Type.Object({
          leafHash: Type.String({ pattern: '^[0-9a-f]{64}$' }), index: Type.Integer({ minimum: 0 }), proof: Type.Array(Hash, { maxItems: 64 }),
        }, { additionalProperties: false }), { maxItems: 200 })),
      }, { additionalProperties: false }),
    },
  }, async (request) => {
    const centre = await centreForClient(deps.db, request.headers['x-road-client']);
    return acceptCentreTreeHead(deps, centre, request.body);
  });

  server.post(`${o.prefix}/custody/reports`, { schema: { body: CustodyReports } }, async (request) => {
    const centre = await centreForClient(deps.db, request.headers['x-road-client']);
    return recordCustodyReports(deps, centre, request.body.reports);
  });
}
