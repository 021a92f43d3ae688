// SPDX-License-Identifier: Apache-2.0
import { outbox, type Database } from '@tessera/platform';

/**
 * The booking link the authority e-mailed `email` when their card arrived at a centre: from the
 * outbox while the message waits there, or, once the delivery loop (every second) has sent it and
 * the outbox keeps no text, from the development mailbox the federation runs. Null if neither
 * has it within a few seconds.
 */
export async function bookingLinkFor(db: Database, mailboxUrl: string, email: string): Promise<URL | null> {
  const link = /(http[^\s"<]+\/book\/[A-Za-z0-9_-]{43})/;
  for (let attempt = 0; attempt < 20; attempt++) {
    const queued = (await db.select().from(outbox)).find((m) => m.to === email && link.test(m.text));
    if (queued) return new URL(link.exec(queued.text)![1]!);
    const page = await (await fetch(mailboxUrl)).text();
    const message = page.split('<article').find((m) => m.includes(`To ${email}`));
    const found = message ? link.exec(message.replaceAll('&amp;', '&')) : null;
    if (found) return new URL(found[1]!);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return null;
}
