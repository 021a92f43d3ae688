// SPDX-License-Identifier: Apache-2.0
import { smtpTransport, type MailTransport } from '@tessera/platform';

/** The mail transport for an SMTP address as TESSERA_SMTP_URL gives it (smtp://user:password@host:port; smtps:// for implicit TLS). */
export function smtpTransportOf(url: string, from: string): MailTransport {
  const smtp = new URL(url);
  return smtpTransport({ host: smtp.hostname, port: Number(smtp.port || 25), secure: smtp.protocol === 'smtps:', from, ...(smtp.username ? { user: decodeURIComponent(smtp.username), pass: decodeURIComponent(smtp.password) } : {}) });
}
