// SPDX-License-Identifier: Apache-2.0
import nodemailer from 'nodemailer';
import type { MailTransport } from './deliver-mail.ts';

export interface SmtpOptions {
  host: string;
  port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  user?: string;
  pass?: string;
  from: string;
}

/** Sends through an SMTP server with nodemailer. */
export function smtpTransport(o: SmtpOptions): MailTransport {
  const transporter = nodemailer.createTransport({
    host: o.host,
    port: o.port,
    secure: o.secure,
    ...(o.user ? { auth: { user: o.user, pass: o.pass ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(message) {
      await transporter.sendMail({ from: o.from, to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}) });
    },
  };
}
