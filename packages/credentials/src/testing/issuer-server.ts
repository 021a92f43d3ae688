// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { buildServer, type Server } from '@tessera/platform';
import { dpopNonces } from '../domain/oid4vci/dpop-nonces.ts';
import { dpopProofRegister } from '../store/oid4vci/dpop-proofs.ts';
import { registerIssuer } from '../http/register-issuer.ts';
import type { Oid4vciDeps } from '../store/oid4vci/oid4vci-deps.ts';
import { openIssuerFixture, type Holder, type IssuerFixture } from './issuer-fixture.ts';

/** The wallet client the tests register for the authorization code flow. */
export const TEST_WALLET = { clientId: 'tessera-test-wallet', redirectUris: ['https://wallet.tessera.test/callback'] };

export interface IssuerServer {
  server: Server;
  url: string;
  deps: Oid4vciDeps;
  close(): Promise<void>;
}

/**
 * The issuer listening on loopback over the fixture's database; `deps.issuerUrl` is its real URL.
 * `more` adds or replaces dependencies, e.g. the credential sign-in another package's test wires in.
 */
export async function openIssuerServer(f: IssuerFixture, more: Partial<Oid4vciDeps> = {}): Promise<IssuerServer> {
  const server = await buildServer({ title: 'issuer test', cookieSecret: 'c'.repeat(32), logLevel: 'silent' });
  const deps: Oid4vciDeps = {
    ...f.deps, issuerUrl: '', dpopNonces: dpopNonces(randomBytes(32), f.trust.clock), firstUse: dpopProofRegister(f.deps),
    offerMinutes: 15, accessTokenSeconds: 600, cNonceSeconds: 300, batchSize: 5, txCodeAttempts: 3, randomBytes: (n) => new Uint8Array(randomBytes(n)),
    clients: [TEST_WALLET], cardSignIn: { anchors: async () => f.trust.anchors, fetch: f.trust.relyingFetch }, deferredIntervalSeconds: 5,
    ...more,
  };
  await registerIssuer(server, deps);
  const url = (await server.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
  deps.issuerUrl = url;
  return { server, url, deps, close: () => server.close() };
}

/**
 * What a protocol test file opens in its `before`: a fresh fixture, its issuer on loopback and
 * one holder named `name`; `close` (for `after`) stops the server, then the fixture.
 */
export async function openIssuerWithHolder(name: { givenNames: string; surname: string }): Promise<{ f: IssuerFixture; issuer: IssuerServer; holder: Holder; close(): Promise<void> }> {
  const f = await openIssuerFixture();
  let issuer: IssuerServer | undefined;
  const close = async () => {
    await issuer?.close();
    await f.close();
  };
  try {
    issuer = await openIssuerServer(f);
    return { f, issuer, holder: await f.newHolder(name), close };
  } catch (e) {
    await close();
    throw e;
  }
}

type IssuerWithHolder = Awaited<ReturnType<typeof openIssuerWithHolder>>;

/**
 * `openIssuerWithHolder` as hooks of the calling `describe` block: opened before its tests and
 * handed to `take` (which keeps what the tests use), closed after them.
 */
export function withIssuerAndHolder(name: { givenNames: string; surname: string }, take: (opened: IssuerWithHolder) => void): void {
  let opened: IssuerWithHolder | undefined;
  before(async () => {
    opened = await openIssuerWithHolder(name);
    take(opened);
  });
  after(() => opened?.close());
}
