// SPDX-License-Identifier: Apache-2.0
export { enqueueMail, enqueueMails, type MailMessage } from './enqueue-mail.ts';
export { deliverPendingMail, startMailDelivery, retryDelayMs, CLAIM_LEASE_MS, type MailTransport, type DeliveryOptions } from './deliver-mail.ts';
export { smtpTransport, type SmtpOptions } from './smtp-transport.ts';
export { outbox } from './schema.ts';

export const mailMigrations = { context: 'platform_mail', folder: new URL('./migrations', import.meta.url).pathname };
