// SPDX-License-Identifier: Apache-2.0
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { html, page, type Server } from '@tessera/platform';

export interface CapturedMail {
  to: string;
  subject: string;
  text: string;
  receivedAt: Date;
}

export interface DevMailbox {
  smtpUrl: string;
  messages: CapturedMail[];
  stop(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps what it receives in memory, so `npm start` shows
 * the e-mails applicants would get without any mail server configured. Never used when
 * TESSERA_SMTP_URL is set.
 */
export async function startDevMailbox(limit = 200): Promise<DevMailbox> {
  const messages: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        messages.unshift({
          to: session.envelope.rcptTo.map((r) => r.address).join(', '),
          subject: mail.subject ?? '',
          text: mail.text ?? '',
          receivedAt: new Date(),
        });
        messages.length = Math.min(messages.length, limit);
        callback();
      }, (error: Error) => callback(error));
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.server.address() as AddressInfo;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    messages,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export function registerDevMailboxPage(server: Server, mailbox: DevMailbox): void {
  server.get('/dev/mailbox', { schema: { hide: true } }, async (request, reply) => {
    const body = html`<p>E-mail sent by this development instance (newest first). Configure TESSERA_SMTP_URL to send real e-mail.</p>
${mailbox.messages.length === 0 ? html`<p>No e-mail yet.</p>` : mailbox.messages.map((m) => html`<article class="mail">
<h2>${m.subject}</h2>
<p>To ${m.to} · ${m.receivedAt.toISOString()}</p>
<pre>${m.text}</pre>
</article>`)}`;
    return reply.type('text/html; charset=utf-8').send(page({ title: 'Development mailbox', locale: 'en', service: 'Tessera', path: request.url.split('?')[0]!, body }).value);
  });
}
