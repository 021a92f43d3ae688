// SPDX-License-Identifier: Apache-2.0
// The wallet's service worker: the app shell is cached so the installed wallet opens and shows
// credentials offline (they live in IndexedDB); protocol calls always go to the network.
const CACHE = 'tessera-wallet-v4';
const SHELL = ['/wallet/', '/wallet/app.ts', '/wallet/issuance.ts', '/wallet/authorization.ts', '/wallet/offer.ts', '/wallet/presentation.ts', '/wallet/store.ts', '/wallet/jose-lite.ts', '/wallet/cbor-lite.ts', '/wallet/mdoc.ts', '/wallet/messages.ts', '/wallet/wallet.css', '/wallet/manifest.webmanifest', '/wallet/icon.svg'];

interface ExtendableEvent extends Event { waitUntil(p: Promise<unknown>): void }
interface FetchEvent extends ExtendableEvent { request: Request; respondWith(r: Promise<Response>): void }
const worker = self as unknown as { addEventListener(type: string, listener: (e: FetchEvent) => void): void; skipWaiting(): Promise<void>; clients: { claim(): Promise<void> } };

worker.addEventListener('install', (e) => e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => worker.skipWaiting())));
worker.addEventListener('activate', (e) => e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => worker.clients.claim())));
worker.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || !SHELL.includes(url.pathname)) return;
  // Network first, so an update is seen at once; the cache when offline.
  e.respondWith(fetch(e.request).then(async (response) => {
    if (response.ok) await (await caches.open(CACHE)).put(e.request, response.clone());
    return response;
  }).catch(async () => (await caches.match(e.request)) ?? Response.error()));
});
