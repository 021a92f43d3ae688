// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import { Forbidden, type Clock, type Database, type Server } from '@tessera/platform';
import { recordDataAccess } from './data-access.ts';

const Report = Type.Object({
  identificationCode: Type.String({ pattern: '^[1-6]\\d{10}$' }),
  purpose: Type.String({ minLength: 3, maxLength: 200 }),
  client: Type.String({ minLength: 1, maxLength: 200 }),
  service: Type.String({ minLength: 1, maxLength: 200 }),
  messageId: Type.String({ minLength: 1, maxLength: 200 }),
  at: Type.String({ format: 'date-time' }),
}, { additionalProperties: false });

/**
 * The person's data tracker as a service on the exchange, for an organisation that releases
 * personal data outside any exchange message (the verifier: a wallet presents straight to a
 * relying party) and reports each release here. Only the reporters named may report (their
 * subsystem as the provider gateway vouches for it in X-Road-Client); each entry is kept under
 * the reporter's name and its message id, so a repeated report is recorded once.
 */
export function registerDataAccessReports(server: Server, o: { db: Database; clock: Clock; path: string; reporters: readonly string[] }): void {
  server.post(o.path, { schema: { body: Report } }, async (request, reply) => {
    const reporter = request.headers['x-road-client'];
    if (typeof reporter !== 'string' || !o.reporters.includes(reporter)) throw new Forbidden('This subsystem may not report data accesses.');
    const r = request.body;
    await recordDataAccess(o.db, o.clock, {
      subject: `EE${r.identificationCode}`, purpose: r.purpose, client: r.client, service: r.service, messageId: r.messageId, gateway: reporter, side: 'provider', at: new Date(r.at),
    });
    return reply.code(204).send();
  });
}
