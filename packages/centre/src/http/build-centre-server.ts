// SPDX-License-Identifier: Apache-2.0
import { buildServer, negotiateLocale, registerStaffAuth, registerUiAssets, renderProblemPage, type Server, type StaffAuth, type Storage } from '@tessera/platform';
import type { CentreDeps } from '../store/centre-deps.ts';
import { registerBookingPages } from './booking-routes.ts';
import { registerCentrePages } from './centre-routes.ts';
import { registerCentreExchangeServices, type CentreExchangeOptions } from './exchange-routes.ts';
import { CENTRE_ROLES } from './permissions.ts';

export interface CentreServerOptions {
  deps: CentreDeps;
  storage: Storage;
  cookieSecret: string;
  /** 32 bytes: encrypts the staff's second-factor secrets at rest. */
  secretKey: Uint8Array;
  logLevel: string;
  secureCookies?: boolean;
  /** Roles that may do nothing on a password alone, until they enrol an authenticator (on in production). */
  secondFactorRequiredFor?: ReadonlyArray<keyof typeof CENTRE_ROLES>;
  /** Called after a change that left reports for the authority in the outbox (to send them now). */
  onChange?: () => void;
}

/**
 * The centre's own web server: its staff sign in with their own accounts and sessions
 * (operator, supervisor), the operators' pages, and the applicants' public booking pages.
 */
export async function buildCentreServer(o: CentreServerOptions): Promise<{ server: Server; auth: StaffAuth }> {
  const server = await buildServer({
    title: 'Tessera — collection centre', cookieSecret: o.cookieSecret, logLevel: o.logLevel, storage: o.storage, ...(o.secureCookies ? { secureCookies: true } : {}),
    htmlErrorPage: (problem, request) => renderProblemPage(problem, negotiateLocale(undefined, request.headers['accept-language'])),
  });
  registerUiAssets(server);
  const auth = registerStaffAuth(server, { db: o.deps.db, clock: o.deps.clock, roles: CENTRE_ROLES, secretKey: o.secretKey, secureCookies: o.secureCookies ?? false, home: '/centre', issuer: 'Tessera centre', secondFactorRequiredFor: o.secondFactorRequiredFor ?? [] });
  registerCentrePages(server, o.deps, auth, o.onChange ?? (() => undefined));
  registerBookingPages(server, o.deps);
  server.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/centre', 303));
  return { server, auth };
}

/** The centre's information system as its exchange gateway reaches it, on loopback only. */
export async function buildCentreExchangeServer(o: { deps: CentreDeps; storage: Storage; cookieSecret: string; logLevel: string } & CentreExchangeOptions): Promise<Server> {
  const server = await buildServer({ title: 'Tessera — collection centre (exchange services)', cookieSecret: o.cookieSecret, logLevel: o.logLevel, storage: o.storage });
  registerCentreExchangeServices(server, o.deps, o);
  return server;
}
