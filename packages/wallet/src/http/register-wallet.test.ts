// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { buildServer, ManualClock } from '@tessera/platform';
import type { TrustAnchors } from '@tessera/trust';
import { registerWallet } from './register-wallet.ts';

async function wallet() {
  const fetched: string[] = [];
  const server = await buildServer({ title: 'wallet', cookieSecret: 'w'.repeat(32), logLevel: 'silent' });
  await registerWallet(server, {
    clock: new ManualClock(new Date('2026-06-01T10:00:00Z')), anchors: {} as TrustAnchors, requestOrigins: ['https://verifier.example'],
    fetch: async (url) => { fetched.push(String(url)); return new Response('', { status: 404 }); },
  });
  await server.ready();
  return { server, fetched };
}

test('resolve-request checks its body by schema and fetches nothing for a link that is not a request by reference', async () => {
  const { server, fetched } = await wallet();
  const resolve = (payload: unknown) => server.inject({ method: 'POST', url: '/wallet/api/resolve-request', payload: payload as Record<string, unknown> });
  assert.equal((await resolve({ client_id: { x509_hash: 'abc' }, request_uri: 'https://verifier.example/r/1' })).json().code, 'ERR_VALIDATION');
  assert.equal((await resolve({ request_uri: 'https://verifier.example/r/1' })).json().code, 'ERR_REQUEST_NOT_TRUSTED');
  assert.equal((await resolve({ client_id: 'x509_hash:abc', request_uri: 'https://elsewhere.example/r/1' })).json().code, 'ERR_REQUEST_NOT_TRUSTED');
  assert.deepEqual(fetched, []);
  const refused = await resolve({ client_id: 'x509_hash:abc', request_uri: 'https://verifier.example/r/1' });
  assert.deepEqual([refused.statusCode, refused.json().code], [400, 'ERR_REQUEST_NOT_TRUSTED']);
  assert.deepEqual(fetched, ['https://verifier.example/r/1']);
  await server.close();
});

test('the service worker keeps every module of the app for offline use, so the installed wallet opens without the network', async () => {
  const { server } = await wallet();
  const sw = (await server.inject({ url: '/wallet/sw.ts' })).body;
  const shell = JSON.parse(/const SHELL = (\[[^\]]*\])/.exec(sw)![1]!.replace(/'/g, '"')) as string[];
  const modules = readdirSync(new URL('../app/', import.meta.url)).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts') && n !== 'sw.ts');
  for (const name of modules) {
    assert.ok(shell.includes(`/wallet/${name}`), `${name} is in the service worker's shell`);
    assert.equal((await server.inject({ url: `/wallet/${name}` })).statusCode, 200, name);
  }
  await server.close();
});
