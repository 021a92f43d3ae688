// SPDX-License-Identifier: Apache-2.0
import type { Agent } from 'node:https';
import webPush from 'web-push';
import { NotificationUndeliverable, PushSubscriptionGone, NotificationDeliveryFailed } from '../benefits-errors.ts';
import type { PushSender } from '../store/notification-ports.ts';

/** The application server's VAPID identity (RFC 8292): a contact URI and the P-256 key pair, base64url. */
export interface VapidKeys {
  readonly subject: string;
  readonly publicKey: string;
  readonly privateKey: string;
}

/**
 * Web Push through the `web-push` library: the payload encrypted to the subscription's keys
 * with `aes128gcm` (RFC 8291, RFC 8188), the request signed with VAPID (RFC 8292), a TTL and a
 * topic (RFC 8030 §5). A 404 or 410 is `PushSubscriptionGone`; another 4xx but 408 and 429 is
 * a refusal for good; anything else is left to the retry.
 */
export function webPushSender(o: { vapid: VapidKeys; pushServices: readonly string[]; /** A TLS agent trusting a test push service's certificate. */ agent?: Agent; timeoutMs?: number }): PushSender & { vapidPublicKey: string; pushServices: readonly string[] } {
  return {
    vapidPublicKey: o.vapid.publicKey,
    pushServices: o.pushServices,
    async send(m) {
      try {
        await webPush.sendNotification({ endpoint: m.endpoint, keys: { p256dh: m.p256dh, auth: m.auth } }, m.payload, {
          vapidDetails: o.vapid, TTL: m.ttlSeconds, topic: m.topic, urgency: 'normal', contentEncoding: 'aes128gcm', timeout: o.timeoutMs ?? 10_000, ...(o.agent ? { agent: o.agent } : {}),
        });
      } catch (error) {
        if (!(error instanceof webPush.WebPushError)) throw error;
        if (error.statusCode === 404 || error.statusCode === 410) throw new PushSubscriptionGone('The push subscription is gone.');
        if (error.statusCode >= 400 && error.statusCode < 500 && error.statusCode !== 408 && error.statusCode !== 429) throw new NotificationUndeliverable(`The push service refused the message (${error.statusCode}).`);
        throw new NotificationDeliveryFailed('push service', error.statusCode, { cause: error });
      }
    },
  };
}

/** A fresh VAPID key pair (base64url, uncompressed public point), for `tessera` to keep as a secret. */
export const generateVapidKeys = (): { publicKey: string; privateKey: string } => webPush.generateVAPIDKeys();
