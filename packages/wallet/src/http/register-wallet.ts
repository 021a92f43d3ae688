// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import Type, { type Static } from 'typebox';
import type { Clock, Server } from '@tessera/platform';
import type { TrustAnchors } from '@tessera/trust';
import { verifyRequestObject } from '../domain/verify-request-object.ts';
import { RequestNotTrusted } from '../domain/wallet-errors.ts';

export interface WalletDeps {
  clock: Clock;
  /** The Tessera roots the wallet ships with. */
  anchors: TrustAnchors;
  /** Origins whose request_uri the wallet's backend fetches; nothing else is fetched (no open proxy). */
  requestOrigins: string[];
  fetch: typeof fetch;
}

const APP = new URL('../app/', import.meta.url);

/** What the app sends from an OpenID4VP link (request by reference); which fields it needs is the wallet's to say. */
export const ResolveRequestBody = Type.Object({
  client_id: Type.Optional(Type.String({ maxLength: 2048 })),
  request_uri: Type.Optional(Type.String({ maxLength: 2048 })),
  request_uri_method: Type.Optional(Type.String({ maxLength: 16 })),
});
export type ResolveRequestBody = Static<typeof ResolveRequestBody>;
const TYPES: Record<string, string> = { '.ts': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json', '.html': 'text/html; charset=utf-8' };

/** The app's files, read once: TypeScript served as JavaScript with its types stripped. */
function loadAssets(): Map<string, { body: string; type: string }> {
  const assets = new Map<string, { body: string; type: string }>();
  for (const name of readdirSync(APP)) {
    if (name.endsWith('.test.ts')) continue;
    const ext = name.slice(name.lastIndexOf('.'));
    const type = TYPES[ext];
    if (!type) continue;
    const source = readFileSync(new URL(name, APP), 'utf8');
    assets.set(name, { body: ext === '.ts' ? stripTypeScriptTypes(source) : source, type });
  }
  return assets;
}

/**
 * The web wallet under /wallet: the installable app (page, scripts, manifest, service worker
 * at /wallet/sw.ts so its scope is /wallet/) and one backend call, resolve-request, which
 * fetches a presentation request by reference and checks its signature and signer against the
 * Tessera roots before the app shows the relying party's name. Keys and credentials never
 * reach the backend: they stay in the phone's IndexedDB.
 */
export async function registerWallet(server: Server, deps: WalletDeps): Promise<void> {
  const assets = loadAssets();
  const send = (name: string) => async (_request: unknown, reply: import('fastify').FastifyReply) => {
    const asset = assets.get(name)!;
    return reply.header('content-type', asset.type).header('cache-control', 'no-cache').send(asset.body);
  };
  server.get('/wallet', async (_request, reply) => reply.redirect('/wallet/'));
  server.get('/wallet/', send('index.html'));
  for (const name of assets.keys()) {
    if (name === 'index.html') continue;
    server.get(`/wallet/${name}`, async (_request, reply) => {
      const asset = assets.get(name)!;
      if (name === 'sw.ts') reply.header('service-worker-allowed', '/wallet/');
      return reply.header('content-type', asset.type).header('cache-control', 'no-cache').send(asset.body);
    });
  }

  server.post('/wallet/api/resolve-request', { schema: { hide: true, body: ResolveRequestBody } }, async (request, reply) => {
    const { client_id: clientId, request_uri: requestUri, request_uri_method: method } = request.body;
    if (clientId === undefined || requestUri === undefined) throw new RequestNotTrusted('The link is not an OpenID4VP request by reference.');
    let url: URL;
    try {
      url = new URL(requestUri);
    } catch {
      throw new RequestNotTrusted('The request_uri is not a URL.');
    }
    if (!deps.requestOrigins.includes(url.origin)) throw new RequestNotTrusted('The request comes from a verifier this wallet does not know.');
    const walletNonce = randomBytes(16).toString('base64url');
    const response = await deps.fetch(url, method === 'post'
      ? { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/oauth-authz-req+jwt' }, body: new URLSearchParams({ wallet_nonce: walletNonce, wallet_metadata: JSON.stringify({ vp_formats_supported: { 'dc+sd-jwt': { 'sd-jwt_alg_values': ['ES256'], 'kb-jwt_alg_values': ['ES256'] }, mso_mdoc: { issuerauth_alg_values: [-7], deviceauth_alg_values: [-7] } } }) }) }
      : { headers: { accept: 'application/oauth-authz-req+jwt' } });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({})) as { error_description?: string };
      throw new RequestNotTrusted(problem.error_description ?? 'The verifier did not give the request.');
    }
    const verified = await verifyRequestObject(await response.text(), clientId, deps.anchors, deps.clock.now());
    if (method === 'post' && verified.payload.wallet_nonce !== walletNonce) throw new RequestNotTrusted('The request does not echo this wallet’s nonce.');
    return reply.header('cache-control', 'no-store').send({ request: verified.payload, signer: verified.signer });
  });
}
