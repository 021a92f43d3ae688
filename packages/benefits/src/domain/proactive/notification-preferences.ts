// SPDX-License-Identifier: Apache-2.0
import { NotificationPreferencesInvalid, PushSubscriptionInvalid } from '../../benefits-errors.ts';
import { isTimeZone, parseClockTime, type QuietHours } from './quiet-hours.ts';

export const CHANNELS = ['email', 'push', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/** How a person wants to be told: the channels they chose, their phone for SMS, and quiet hours in their time zone. */
export interface NotificationPreferences {
  readonly channels: readonly Channel[];
  /** E.164, only when SMS is chosen. */
  readonly phone: string | null;
  readonly timeZone: string;
  /** Null: no quiet hours. */
  readonly quiet: { readonly from: number; readonly until: number } | null;
}

/** Without a choice saved: e-mail (when an address was given) and push (once a browser subscribed); no SMS, no quiet hours. */
export const DEFAULT_PREFERENCES: NotificationPreferences = { channels: ['email', 'push'], phone: null, timeZone: 'UTC', quiet: null };

export const quietHoursOf = (p: NotificationPreferences): QuietHours | null => (p.quiet ? { timeZone: p.timeZone, ...p.quiet } : null);

/**
 * The choices as a form sends them, checked as a whole: a known IANA time zone, quiet hours as
 * two `HH:MM` times (both or neither), and an E.164 phone number when SMS is chosen. Anything
 * else is refused and nothing is kept.
 */
export function readPreferences(form: { channels: readonly string[]; phone?: string; timeZone: string; quietFrom?: string; quietUntil?: string }): NotificationPreferences {
  const channels = CHANNELS.filter((c) => form.channels.includes(c));
  if (form.channels.some((c) => !(CHANNELS as readonly string[]).includes(c))) throw new NotificationPreferencesInvalid('Choose among e-mail, push and SMS.');
  if (!isTimeZone(form.timeZone)) throw new NotificationPreferencesInvalid('Choose a time zone from the list.');
  const phone = (form.phone ?? '').replace(/[\s()-]/g, '');
  if (phone && !/^\+[1-9][0-9]{6,14}$/.test(phone)) throw new NotificationPreferencesInvalid('Give the phone number in international form, e.g. +82 10 1234 5678.');
  if (channels.includes('sms') && !phone) throw new NotificationPreferencesInvalid('Give a phone number for SMS.');
  const [from, until] = [form.quietFrom?.trim() ?? '', form.quietUntil?.trim() ?? ''];
  if (!from !== !until) throw new NotificationPreferencesInvalid('Give both the start and the end of your quiet hours, or neither.');
  const [quietFrom, quietUntil] = [parseClockTime(from), parseClockTime(until)];
  if (from && (quietFrom === null || quietUntil === null)) throw new NotificationPreferencesInvalid('Give quiet hours as times, e.g. 22:00 and 07:00.');
  const quiet = quietFrom !== null && quietUntil !== null ? { from: quietFrom, until: quietUntil } : null;
  return { channels, phone: phone || null, timeZone: form.timeZone, quiet };
}

/** A browser's push subscription (Push API `PushSubscription.toJSON()`), with its keys decoded. */
export interface PushSubscriptionInput {
  readonly endpoint: string;
  readonly p256dh: string;
  readonly auth: string;
}

const base64url = /^[A-Za-z0-9_-]+={0,2}$/;
const decodedLength = (s: string) => Math.floor((s.replace(/=+$/, '').length * 3) / 4);

/**
 * Checks a subscription before it is kept: the endpoint is an https URL on one of the push
 * services allowed (the server will POST there, so no other host may be named), `p256dh` is an
 * uncompressed P-256 point (65 bytes, 0x04 first) and `auth` the 16-byte secret (RFC 8291 §3).
 */
export function checkPushSubscription(s: { endpoint: string; keys: { p256dh: string; auth: string } }, pushServices: readonly string[]): PushSubscriptionInput {
  let url: URL;
  try {
    url = new URL(s.endpoint);
  } catch {
    throw new PushSubscriptionInvalid('The push endpoint is not a URL.');
  }
  if (url.protocol !== 'https:' || url.username || url.password) throw new PushSubscriptionInvalid('The push endpoint must be an https URL.');
  const host = url.hostname.toLowerCase();
  if (!pushServices.some((allowed) => host === allowed || (allowed.startsWith('.') && host.endsWith(allowed)))) throw new PushSubscriptionInvalid('The push endpoint is not on a known push service.');
  const { p256dh, auth } = s.keys;
  if (!base64url.test(p256dh) || decodedLength(p256dh) !== 65 || Buffer.from(p256dh, 'base64url')[0] !== 0x04) throw new PushSubscriptionInvalid('The subscription key is not a P-256 public key.');
  if (!base64url.test(auth) || decodedLength(auth) !== 16) throw new PushSubscriptionInvalid('The subscription secret is not 16 bytes.');
  return { endpoint: url.toString(), p256dh: p256dh.replace(/=+$/, ''), auth: auth.replace(/=+$/, '') };
}

/** The push services browsers subscribe with (Chrome, Firefox, Safari, Edge); a deployment may name others. */
export const KNOWN_PUSH_SERVICES = ['fcm.googleapis.com', 'updates.push.services.mozilla.com', '.push.apple.com', '.notify.windows.com'] as const;
