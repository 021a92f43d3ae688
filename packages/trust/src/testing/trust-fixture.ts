// SPDX-License-Identifier: Apache-2.0
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildServer, ManualClock, openTestStorage, transparencyMigrations, type Server, type Storage } from '@tessera/platform';
import { runKeyCeremony, type CaHierarchy } from '../ca/key-ceremony.ts';
import { WrappedKeyStore } from '../ca/key-store.ts';
import { registerTrustServices, type TrustServices } from '../http/trust-services.ts';
import { tokenSha256 } from '../http/service-enrolment-routes.ts';
import { EmulatedCardBureau } from '../register/card-bureau.ts';
import { databaseKeyBackend } from '../register/database-key-backend.ts';
import { installHierarchy } from '../register/hierarchy-store.ts';
import { trustMigrations } from '../register/migrations.ts';
import { StatusChanges } from '../register/status-changes.ts';
import { registerCitizenSignIn } from '../http/citizen-sign-in.ts';
import type { TrustAnchors } from '../signature/certificate-path.ts';
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import type { TrustDeps } from '../register/trust-deps.ts';

const run = promisify(execFile);

/** The bearer token of the one organisation the fixture's trust services let enrol service keys. */
export const TEST_ENROLMENT_TOKEN = 'test-enrolment-token-0123456789abcdef';

export interface TrustFixture {
  storage: Storage;
  deps: TrustDeps & { bureau: EmulatedCardBureau };
  clock: ManualClock;
  hierarchy: CaHierarchy;
  server: Server;
  services: TrustServices;
  baseUrl: string;
  /** The CA bundle as a relying party holds it. */
  anchors: TrustAnchors;
  /** fetch as a relying party uses it: the certificates name pki.tessera.test, which is this server. */
  relyingFetch: typeof fetch;
  /** The origin the citizen sign-in routes on this server are bound to. */
  origin: string;
  /** A folder with root.pem, card-auth.pem, card-sign.pem, gateway.pem for openssl. */
  dir: string;
  /** Runs openssl with these arguments in `dir`; resolves with stdout and stderr together. */
  openssl(args: string[]): Promise<string>;
  /** `openssl ocsp` against the running responder of the certificate's issuing CA. */
  ocsp(certificatePem: string, issuer: 'card-auth' | 'card-sign'): Promise<string>;
  close(): Promise<void>;
}

/**
 * A whole PKI for one test file: the key ceremony over a database-backed key store, the trust
 * services (OCSP, CRL, TSA) listening on loopback, and openssl as the independent relying party.
 * The clock starts at the real time because openssl checks validity against it.
 */
export async function openTrustFixture(): Promise<TrustFixture> {
  const storage = await openTestStorage();
  await storage.migrate(transparencyMigrations);
  await storage.migrate(trustMigrations);
  const clock = new ManualClock(new Date());
  const keyStore = await WrappedKeyStore.open({ kek: randomBytes(32), backend: databaseKeyBackend(storage.db, clock) });
  const hierarchy = await runKeyCeremony({ keyStore, clock, baseUrl: 'http://pki.tessera.test', name: 'Tessera Test' });
  await installHierarchy(storage.db, clock, hierarchy);
  const deps = {
    db: storage.db, clock, keyStore, bureau: new EmulatedCardBureau(), statusChanges: new StatusChanges(),
    randomBytes: (n: number) => new Uint8Array(randomBytes(n)), cardValidityYears: 5, collectionMonths: 6,
  };
  const server = await buildServer({ title: 'trust test', cookieSecret: 'c'.repeat(32), logLevel: 'silent', storage });
  const services = await registerTrustServices(server, deps, {
    crlValidityHours: 24, ocspValidityMinutes: 15, crlDelayMs: 100, enrolmentClients: [{ name: 'test-service', tokenSha256: tokenSha256(TEST_ENROLMENT_TOKEN) }],
  });
  const anchors: TrustAnchors = {
    roots: [new X509Certificate(hierarchy.root.der)],
    intermediates: (['card-auth', 'card-sign', 'gateway', 'services'] as const).map((r) => new X509Certificate(hierarchy.issuing[r].der)),
    cardAuthentication: [new X509Certificate(hierarchy.issuing['card-auth'].der)],
  };
  let baseUrl = '';
  const relyingFetch: typeof fetch = (input, init) => fetch(String(input).replace('http://pki.tessera.test', baseUrl), init);
  const origin = 'https://eesti.example';
  registerCitizenSignIn(server, deps, { origin, anchors: async () => anchors, fetch: relyingFetch });
  baseUrl = await server.listen({ host: '127.0.0.1', port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'tessera-pki-'));
  writeFileSync(join(dir, 'root.pem'), hierarchy.root.pem);
  for (const role of ['card-auth', 'card-sign', 'gateway'] as const) writeFileSync(join(dir, `${role}.pem`), hierarchy.issuing[role].pem);
  const openssl = async (args: string[]) => {
    try {
      const { stdout, stderr } = await run('openssl', args, { cwd: dir });
      return stdout + stderr;
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return `${e.stdout ?? ''}${e.stderr ?? ''}exit-nonzero`;
    }
  };
  let n = 0;
  return {
    storage, deps, clock, hierarchy, server, services, baseUrl, anchors, relyingFetch, origin, dir, openssl,
    async ocsp(certificatePem, issuer) {
      const file = `leaf-${++n}.pem`;
      writeFileSync(join(dir, file), certificatePem);
      return openssl(['ocsp', '-issuer', `${issuer}.pem`, '-cert', file, '-url', `${baseUrl}/ocsp/${hierarchy.issuing[issuer].keyLabel}`, '-CAfile', 'root.pem', '-verify_other', `${issuer}.pem`, '-resp_text']);
    },
    async close() {
      await services.close();
      await server.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
