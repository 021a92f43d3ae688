// SPDX-License-Identifier: Apache-2.0

/** One Web Push message for one subscription: the payload is encrypted to its keys (RFC 8291) by the sender. */
export interface PushMessage {
  readonly endpoint: string;
  readonly p256dh: string;
  readonly auth: string;
  readonly payload: string;
  /** RFC 8030 §5.4: a push service replaces an undelivered message with the same topic, so a retry is not shown twice. */
  readonly topic: string;
  readonly ttlSeconds: number;
}

/**
 * Sends Web Push messages to browsers' push services. Throws `PushSubscriptionGone` when the
 * push service answers 404 or 410 (the subscription expired or was withdrawn), and
 * `NotificationUndeliverable` for other refusals that a retry would not change.
 */
export interface PushSender {
  send(message: PushMessage): Promise<void>;
}

/** The SMS operator's intake, reached over HTTP; `reference` is stable across retries, so the operator sends one SMS per notification. */
export interface SmsOperator {
  send(message: { to: string; text: string; reference: string }): Promise<void>;
}

/** The channels beyond e-mail this deployment has; a channel not configured is never chosen or queued. */
export interface NotificationChannels {
  readonly push?: PushSender & { readonly vapidPublicKey: string; readonly pushServices: readonly string[] };
  readonly sms?: SmsOperator;
}
