// SPDX-License-Identifier: Apache-2.0
import { buildServer, type Server } from '@tessera/platform';
import { registerVerifier } from '../http/register-verifier.ts';
import type { VerifierDeps } from '../store/verifier-deps.ts';
import type { VerifierFixture } from './verifier-fixture.ts';

/** The verifier listening on loopback over the fixture's database; `deps.baseUrl` is its real URL. */
export async function openVerifierServer(f: VerifierFixture): Promise<{ server: Server; url: string; deps: VerifierDeps; close(): Promise<void> }> {
  const server = await buildServer({ title: 'verifier test', cookieSecret: 'c'.repeat(32), logLevel: 'silent' });
  const deps: VerifierDeps = { ...f.deps, baseUrl: '' };
  await registerVerifier(server, deps);
  const url = (await server.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
  deps.baseUrl = url;
  return { server, url, deps, close: () => server.close() };
}
