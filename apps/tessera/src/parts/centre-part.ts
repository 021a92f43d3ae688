// SPDX-License-Identifier: Apache-2.0
import { CENTRE_MIGRATIONS, startCentre } from '../start-centre.ts';
import type { Part } from './part.ts';
import { openOwnStorage } from './own-storage.ts';
import { sameDatabase } from './same-database.ts';

/**
 * The partner collection centre (`tessera serve centre`), the organisation of its own it is: its
 * own PostgreSQL database (never the authority's), its staff and applicants' web server on
 * TESSERA_CENTRE_PORT, its services for its gateway on TESSERA_CENTRE_SERVICES_PORT, and the
 * authority reached only through its gateway (TESSERA_CENTRE_GATEWAY_URL). One process per
 * installation: its reports and tree heads are sent by it alone.
 */
export const centrePart: Part = {
  summary: 'partner collection centre: its own database, staff and booking pages, services behind its own gateway',
  settings: ['keyEncryptionKey', 'cookieSecret', 'secretKey'],
  async ownStorage(config) {
    if (!config.centreDatabaseUrl) throw new Error('tessera serve centre runs against the centre’s own PostgreSQL database: set TESSERA_CENTRE_DATABASE_URL.');
    if (config.databaseUrl && sameDatabase(config.centreDatabaseUrl, config.databaseUrl)) {
      throw new Error('The centre is an organisation of its own: TESSERA_CENTRE_DATABASE_URL must not name the authority’s database (DATABASE_URL).');
    }
    return openOwnStorage(config.centreDatabaseUrl, 'centre', CENTRE_MIGRATIONS);
  },
  async start({ config, serve, storage, clock, onJobError }) {
    if (!serve.centreGatewayUrl) throw new Error('tessera serve centre reaches the authority only through its gateway: set TESSERA_CENTRE_GATEWAY_URL.');
    const centre = await startCentre({
      config, dataDir: config.dataDir, storage, clock, fetch, onError: (error) => onJobError('centre:reports', error),
      exchangeListen: { host: config.host, port: serve.centreServicesPort },
    });
    try {
      centre.useGateway(serve.centreGatewayUrl.replace(/\/$/, ''));
      await centre.listen();
    } catch (error) {
      await centre.stop();
      throw error;
    }
    return { urls: { centre: new URL('/centre', centre.url).toString(), services: centre.exchangeUrl }, close: () => centre.stop() };
  },
};
