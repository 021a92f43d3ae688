// SPDX-License-Identifier: Apache-2.0
import { buildServer } from '@tessera/platform';
import { agencyRegisters } from '../benefits/agency-registers.ts';
import { exchangeLifeEvents } from '../benefits/exchange-agencies.ts';
import type { Part } from './part.ts';

/**
 * The demo agencies' own information systems (`tessera serve agencies`): the population
 * register, the tax board with its property-tax records and the social insurance board, as the
 * benefits service reads them over the exchange — stand-ins for systems outside Tessera, behind
 * the agencies' gateways (each gateway's TESSERA_SERVICES_URL). Development and tests only.
 */
export const agenciesPart: Part = {
  summary: 'demo agencies’ registers (population, tax and property, social insurance) behind their gateways; never in production',
  settings: ['cookieSecret'],
  async start({ config, serve, clock }) {
    if (process.env.NODE_ENV === 'production') throw new Error('tessera serve agencies runs demo stand-ins for the agencies’ own systems: never in production.');
    // Births reach the benefits service through the population register's gateway (its client side).
    const registers = agencyRegisters({ clock, notifyLifeEvent: exchangeLifeEvents(() => serve.populationGatewayUrl.replace(/\/$/, '')) });
    const server = await buildServer({ title: 'Demo agencies’ registers (behind their gateways)', cookieSecret: config.cookieSecret, logLevel: config.logLevel });
    registers.routes(server);
    const url = await server.listen({ host: config.host, port: serve.agenciesPort });
    return { urls: { agencies: url }, close: () => server.close() };
  },
};
