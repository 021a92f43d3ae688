// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildServer, createStaff, registerIdempotency, registerStaffAuth, type Server } from '@tessera/platform';
import { registerAuthorityApi } from '../http/api-routes.ts';
import { registerAuthorityPages } from '../http/pages-registration.ts';
import { AUTHORITY_ROLES } from '../http/permissions.ts';
import { registerPaymentWebhook } from '../http/webhook-route.ts';
import { openAuthorityFixture, type AuthorityFixture } from './authority-fixture.ts';

export const WEBHOOK_SECRET = 'webhook-secret-for-authority-tests';
export const STAFF_PASSWORD = 'correct horse battery staple';

export interface AuthorityServer extends AuthorityFixture {
  server: Server;
  /** A signed-in staff member with these roles, as a browser with its own cookie jar. */
  staffBrowser(roles: Array<keyof typeof AUTHORITY_ROLES>): Promise<TestBrowser>;
  close(): Promise<void>;
}

/** The authority's routes on one server, wired as the app wires them, over test storage. */
export async function openAuthorityServer(): Promise<AuthorityServer> {
  const fixture = await openAuthorityFixture();
  const server = await buildServer({ title: 'authority test', cookieSecret: 'c'.repeat(32), logLevel: 'silent', storage: fixture.storage, bodyLimitBytes: 4 * 1024 * 1024 });
  const auth = registerStaffAuth(server, { db: fixture.deps.db, clock: fixture.clock, roles: AUTHORITY_ROLES, secretKey: randomBytes(32), home: '/staff', signInRateLimit: { max: 1000, timeWindow: '1 minute' } });
  registerIdempotency(server, { db: fixture.deps.db, clock: fixture.clock, scope: (request) => request.staff?.id ?? 'anonymous' });
  registerAuthorityApi(server, fixture.deps, auth);
  registerAuthorityPages(server, fixture.deps, auth);
  await registerPaymentWebhook(server, fixture.deps, WEBHOOK_SECRET);
  await server.ready();
  let staffCount = 0;
  return {
    ...fixture,
    server,
    async staffBrowser(roles) {
      staffCount++;
      const username = `staff.${roles.join('-')}${staffCount}`;
      await createStaff(fixture.deps.db, { username, displayName: `Staff ${staffCount}`, organisation: 'PBGB', roles, password: STAFF_PASSWORD}, fixture.clock);
      const browser = new TestBrowser(server);
      const signedIn = await browser.submit('/auth/sign-in', '/auth/sign-in', { username, password: STAFF_PASSWORD });
      if (signedIn.statusCode !== 303) throw new Error(`sign-in failed with ${signedIn.statusCode}`);
      return browser;
    },
    async close() {
      await server.close();
      await fixture.storage.close();
    },
  };
}

/** A browser over `inject`: keeps cookies, reads CSRF tokens from forms. */
export class TestBrowser {
  readonly jar = new Map<string, string>();
  readonly server: Server;
  constructor(server: Server) {
    this.server = server;
  }

  async send(options: InjectOptions & { url: string }): Promise<LightMyRequestResponse> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.server.inject({ ...options, headers: { ...(cookie ? { cookie } : {}), ...options.headers } });
    for (const c of response.cookies as Array<{ name: string; value: string; maxAge?: number }>) {
      if (c.maxAge === 0) this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    return response;
  }

  get(url: string, headers: Record<string, string> = { accept: 'text/html' }) {
    return this.send({ method: 'GET', url, headers });
  }

  async csrfToken(page: string): Promise<string> {
    const form = await this.get(page);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
    if (!token) throw new Error(`no CSRF token on ${page} (status ${form.statusCode})`);
    return token;
  }

  /** Loads `page` for its CSRF token, then posts the form to `action`. */
  async submit(page: string, action: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    const _csrf = await this.csrfToken(page);
    return this.send({
      method: 'POST', url: action, payload: new URLSearchParams({ _csrf, ...fields }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    });
  }
}
