// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import { buildServer, type Server, type Storage } from '@tessera/platform';
import { registerCentreServices, type AuthorityDeps } from '@tessera/authority';
import { DATA_SUBJECT_HEADER, registerDataAccessReports } from '@tessera/exchange';
import { clientId } from './members.ts';

/**
 * The members' own information systems behind their gateways, on loopback only: the
 * authority's services for its partner centres (its own package's routes), and demo registers
 * of the population, tax and benefits agencies. Gateways reach them; nothing else should.
 */
export async function startMemberServices(o: { storage: Storage; cookieSecret: string; logLevel: string; authority: AuthorityDeps; listen?: { host: string; port: number }; more?: (server: Server) => void }): Promise<{ server: Server; url: string }> {
  const server = await buildServer({ title: 'Member information systems (behind the gateways)', cookieSecret: o.cookieSecret, logLevel: o.logLevel, storage: o.storage });
  registerCentreServices(server, o.authority, { prefix: '/authority', dataSubjectHeader: DATA_SUBJECT_HEADER });
  // The verifier (in the credentials part) reports each release of a person's data to their tracker here.
  registerDataAccessReports(server, { db: o.storage.db, clock: o.authority.clock, path: '/authority/data-tracker/accesses', reporters: [clientId('credentials')] });

  const Code = Type.Object({ code: Type.String({ pattern: '^[1-6]\\d{10}$' }) });
  // Personal-data services say whose data they answer with; the provider's gateway records the
  // access under that person and refuses an answer about anyone the caller did not declare.
  server.get('/population/persons/:code', { schema: { params: Code } }, async (request, reply) => {
    reply.header(DATA_SUBJECT_HEADER, `EE${request.params.code}`);
    return { code: request.params.code, residence: 'KR', household: 1, registeredSince: '2026-01-01' };
  });
  server.get('/tax/income/:code', { schema: { params: Code } }, async (request, reply) => {
    reply.header(DATA_SUBJECT_HEADER, `EE${request.params.code}`);
    return { code: request.params.code, year: 2025, declaredIncomeEur: 18_400 + (Number(request.params.code.slice(-3)) % 7) * 1_000 };
  });
  server.get('/welfare/entitlements/:code', { schema: { params: Code } }, async (request) => ({ code: request.params.code, entitlements: [] }));

  // Other members' systems (the benefits registers and services) add their routes here.
  o.more?.(server);
  const url = await server.listen(o.listen ?? { host: '127.0.0.1', port: 0 });
  return { server, url };
}
