// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import { buildServer, type Server, type Storage } from '@tessera/platform';
import type { CardDesk } from '@tessera/authority';

/**
 * The members' own information systems behind their gateways, on loopback only: the
 * authority's card services (backed by the trust services), and demo registers of the
 * population, tax and benefits agencies. Gateways reach them; nothing else should.
 */
export async function startMemberServices(o: { storage: Storage; cookieSecret: string; logLevel: string; issuerDesk: CardDesk }): Promise<{ server: Server; url: string }> {
  const server = await buildServer({ title: 'Member information systems (behind the gateways)', cookieSecret: o.cookieSecret, logLevel: o.logLevel, storage: o.storage });
  const Reference = Type.String({ pattern: '^ER-\\d{4}-\\d{6}$' });

  server.get('/authority/card-manifests/cards', { schema: { querystring: Type.Object({ references: Type.String({ maxLength: 5000 }) }) } }, async (request) => {
    const references = request.query.references.split(',').filter((r) => /^ER-\d{4}-\d{6}$/.test(r)).slice(0, 200);
    const cards = await o.issuerDesk.cardsFor(references);
    return { cards: [...cards].map(([reference, card]) => ({ reference, ...card })) };
  });
  server.post('/authority/handovers/handovers/:reference', { schema: { params: Type.Object({ reference: Reference }), body: Type.Object({ confirmedBy: Type.String({ maxLength: 100 }) }) } }, async (request) => {
    // The gateway has checked the caller's access right; the centre named who handed the card over.
    return o.issuerDesk.handOver(request.params.reference, `${String(request.headers['x-road-client'])}:${request.body.confirmedBy}`);
  });

  const Code = Type.Object({ code: Type.String({ pattern: '^[1-6]\\d{10}$' }) });
  server.get('/population/persons/:code', { schema: { params: Code } }, async (request) => ({ code: request.params.code, residence: 'KR', household: 1, registeredSince: '2026-01-01' }));
  server.get('/tax/income/:code', { schema: { params: Code } }, async (request) => ({ code: request.params.code, year: 2025, declaredIncomeEur: 18_400 + (Number(request.params.code.slice(-3)) % 7) * 1_000 }));
  server.get('/welfare/entitlements/:code', { schema: { params: Code } }, async (request) => ({ code: request.params.code, entitlements: [] }));

  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  return { server, url };
}
