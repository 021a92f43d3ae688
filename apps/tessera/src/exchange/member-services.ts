// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import { buildServer, Forbidden, NotFound, type Server, type Storage } from '@tessera/platform';
import type { CardDesk } from '@tessera/authority';
import { DATA_SUBJECT_HEADER } from '@tessera/exchange';
import { CENTRE_LOCATIONS } from './members.ts';

/**
 * The members' own information systems behind their gateways, on loopback only: the
 * authority's card services (backed by the trust services), and demo registers of the
 * population, tax and benefits agencies. Gateways reach them; nothing else should.
 */
export async function startMemberServices(o: { storage: Storage; cookieSecret: string; logLevel: string; issuerDesk: CardDesk; centreLocations?: Readonly<Record<string, string>>; listen?: { host: string; port: number }; more?: (server: Server) => void }): Promise<{ server: Server; url: string }> {
  const server = await buildServer({ title: 'Member information systems (behind the gateways)', cookieSecret: o.cookieSecret, logLevel: o.logLevel, storage: o.storage });
  const Reference = Type.String({ pattern: '^ER-\\d{4}-\\d{6}$' });
  const locations = o.centreLocations ?? CENTRE_LOCATIONS;
  // The provider gateway sets X-Road-Client to the authenticated caller; the centre is looked up by the whole identifier.
  const centreOf = (header: string | string[] | undefined): string => {
    if (typeof header !== 'string' || !Object.hasOwn(locations, header)) throw new Forbidden('The calling subsystem is not a collection centre.');
    return locations[header]!;
  };

  server.get('/authority/card-manifests/cards', { schema: { querystring: Type.Object({ references: Type.String({ maxLength: 5000 }) }) } }, async (request) => {
    const centre = centreOf(request.headers['x-road-client']);
    const references = request.query.references.split(',').filter((r) => /^ER-\d{4}-\d{6}$/.test(r)).slice(0, 200);
    const cards = await o.issuerDesk.cardsFor(references);
    return { cards: [...cards].filter(([, card]) => card.pickupLocation === centre).map(([reference, card]) => ({ reference, ...card })) };
  });
  server.post('/authority/handovers/handovers/:reference', { schema: { params: Type.Object({ reference: Reference }), body: Type.Object({ confirmedBy: Type.String({ maxLength: 100 }) }) } }, async (request) => {
    const client = String(request.headers['x-road-client']);
    const centre = centreOf(client);
    // A card sent elsewhere is answered as unknown, so a centre cannot probe other centres' references.
    const card = (await o.issuerDesk.cardsFor([request.params.reference])).get(request.params.reference);
    if (!card || card.pickupLocation !== centre) throw new NotFound('No card for this reference waits at this centre.');
    return o.issuerDesk.handOver(request.params.reference, `${client}:${request.body.confirmedBy}`);
  });

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
