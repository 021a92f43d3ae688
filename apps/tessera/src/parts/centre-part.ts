// SPDX-License-Identifier: Apache-2.0
import { sql } from 'drizzle-orm';
import { openStorage } from '@tessera/platform';
import { CENTRE_MIGRATIONS, startCentre } from '../start-centre.ts';
import type { Part } from './part.ts';

/**
 * The partner collection centre (`tessera serve centre`), the organisation of its own it is: its
 * own PostgreSQL database (never the authority's), its staff and applicants' web server on
 * TESSERA_CENTRE_PORT, its services for its gateway on TESSERA_CENTRE_SERVICES_PORT, and the
 * authority reached only through its gateway (TESSERA_CENTRE_GATEWAY_URL). One process per
 * installation: its reports and tree heads are sent by it alone.
 */
export const centrePart: Part = {
  summary: 'partner collection centre: its own database, staff and booking pages, services behind its own gateway',
  async ownStorage(config) {
    if (!config.centreDatabaseUrl) throw new Error('tessera serve centre runs against the centre’s own PostgreSQL database: set TESSERA_CENTRE_DATABASE_URL.');
    if (config.databaseUrl && sameDatabase(config.centreDatabaseUrl, config.databaseUrl)) {
      throw new Error('The centre is an organisation of its own: TESSERA_CENTRE_DATABASE_URL must not name the authority’s database (DATABASE_URL).');
    }
    const storage = await openStorage({ kind: 'postgres', url: config.centreDatabaseUrl });
    try {
      await storage.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('tessera:centre-migrations', 0))`);
        for (const m of CENTRE_MIGRATIONS) await storage.migrate(m);
      });
    } catch (error) {
      await storage.close();
      throw error;
    }
    return storage;
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

/** The same server and database, whatever the credentials or options in the address. */
function sameDatabase(a: string, b: string): boolean {
  const [x, y] = [new URL(a), new URL(b)];
  return x.hostname === y.hostname && (x.port || '5432') === (y.port || '5432') && x.pathname === y.pathname;
}
