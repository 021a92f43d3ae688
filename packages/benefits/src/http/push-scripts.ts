// SPDX-License-Identifier: Apache-2.0

/**
 * The page's script (served as a file: the CSP allows no inline script): turns push on in this
 * browser with the Push API — registers the service worker, subscribes with the service's
 * VAPID public key as `applicationServerKey`, and gives the subscription to the server with
 * the page's CSRF token; or turns it off again. Without JavaScript the buttons stay hidden.
 */
export const PUSH_PAGE_SCRIPT = `(() => {
  const box = document.getElementById('push-controls');
  if (!box || !('serviceWorker' in navigator) || !('PushManager' in window)) return;
  const key = box.dataset.vapidKey, csrf = box.dataset.csrf, status = document.getElementById('push-status');
  const bytes = (b64) => Uint8Array.from(atob(b64.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - b64.length % 4) % 4)), (c) => c.charCodeAt(0));
  const post = (url, body) => fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) });
  box.hidden = false;
  const on = document.getElementById('push-on'), off = document.getElementById('push-off');
  on.addEventListener('click', async () => {
    try {
      const registration = await navigator.serviceWorker.register('/citizen/benefits/push-sw.js', { scope: '/citizen/benefits/' });
      await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes(key) });
      const res = await post('/citizen/benefits/push-subscriptions', subscription.toJSON());
      if (!res.ok) throw new Error(String(res.status));
      location.assign('/citizen/benefits?done=push#channels');
    } catch (e) {
      status.textContent = box.dataset.failed;
    }
  });
  off.addEventListener('click', async () => {
    const registration = await navigator.serviceWorker.getRegistration('/citizen/benefits/');
    const subscription = registration && await registration.pushManager.getSubscription();
    if (subscription) {
      await post('/citizen/benefits/push-subscriptions/remove', { endpoint: subscription.endpoint });
      await subscription.unsubscribe();
    }
    location.assign('/citizen/benefits?done=pushOff#channels');
  });
})();
`;

/** The service worker: shows each push as a notification and opens the benefits page when it is clicked. */
export const PUSH_SERVICE_WORKER = `self.addEventListener('push', (event) => {
  const data = event.data ? event.data.json() : {};
  event.waitUntil(self.registration.showNotification(data.title || '', { body: data.body || '', lang: data.lang, data: { url: data.url }, tag: 'benefits' }));
});
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = event.notification.data && event.notification.data.url;
  if (url && new URL(url).origin === self.location.origin) event.waitUntil(self.clients.openWindow(url));
});
`;
