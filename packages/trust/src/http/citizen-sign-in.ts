// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import Type from 'typebox';
import { html, page, pageLocale, sendPage, summaryList, dataTable, statusTag, Unauthenticated, type Locale, type SafeHtml, type Server } from '@tessera/platform';
import { cards, signInChallenges } from '../register/schema.ts';
import type { TrustDeps } from '../register/trust-deps.ts';
import type { TrustAnchors } from '../signature/certificate-path.ts';
import { cardText } from './pages/card-messages.ts';
import { cardTone } from './pages/card-register-page.ts';
import { verifyWebEidToken, WebEidToken } from '../signature/web-eid-token.ts';
import { readCitizenSession, setCitizenSession } from './citizen-session.ts';

export interface CitizenSignInOptions {
  /** The site's origin exactly as the browser sends it, which the token is bound to. */
  origin: string;
  anchors: () => Promise<TrustAnchors>;
  fetch: typeof fetch;
  secureCookies?: boolean;
  /** Challenges per client address (default 30 a minute): each one is a row written. */
  challengeRateLimit?: { max: number; timeWindow: number | string };
  /** More of the person's own information from other contexts (e.g. the exchange's data tracker). */
  sections?: (person: { identificationCode: string; name: string }, locale: Locale) => Promise<SafeHtml>;
}

const CHALLENGE_TTL_MS = 5 * 60_000;

/**
 * Sign-in to the citizen portal with the digi-ID, by the Web eID protocol: the site issues a
 * one-time challenge, the card signs (origin, challenge) after PIN1 through the browser
 * extension, the site checks the token and the certificate's status by OCSP. The session is a
 * signed cookie holding the identification code and name, for 15 minutes.
 */
export function registerCitizenSignIn(server: Server, deps: TrustDeps, o: CitizenSignInOptions): void {
  server.get('/citizen/sign-in/challenge', { schema: { hide: true }, config: { rateLimit: o.challengeRateLimit ?? { max: 30, timeWindow: '1 minute' } } }, async (_request, reply) => {
    const now = deps.clock.now();
    const nonce = randomBytes(32).toString('base64');
    await deps.db.delete(signInChallenges).where(lt(signInChallenges.expiresAt, now));
    await deps.db.insert(signInChallenges).values({ nonce, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) });
    return reply.header('cache-control', 'no-store').send({ nonce });
  });

  server.post('/citizen/sign-in/card', { schema: { hide: true, body: Type.Object({ nonce: Type.String({ maxLength: 100 }), token: WebEidToken }) } }, async (request, reply) => {
    const now = deps.clock.now();
    // Claim the challenge first: a token can be used once, and only before it expires.
    const claimed = await deps.db.update(signInChallenges).set({ usedAt: now })
      .where(and(eq(signInChallenges.nonce, request.body.nonce), isNull(signInChallenges.usedAt), gt(signInChallenges.expiresAt, now))).returning();
    if (claimed.length === 0) throw new Unauthenticated('The sign-in challenge is unknown, used or expired. Start again.');
    const result = await verifyWebEidToken(request.body.token, { origin: o.origin, nonce: request.body.nonce, anchors: await o.anchors(), fetch: o.fetch, now });
    if (!result.ok) throw new Unauthenticated(`Card sign-in refused: ${result.reason}`);
    setCitizenSession(reply, { code: result.holder.identificationCode, name: `${result.holder.givenNames} ${result.holder.surname}` }, now, o.secureCookies ?? false);
    return reply.send({ signedIn: true, name: `${result.holder.givenNames} ${result.holder.surname}` });
  });

  server.get('/citizen/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const t = cardText(locale);
    const body = html`<p>${t('signInIntro')}</p>
<ol><li>${t('signInStep1')}</li><li>${t('signInStep2')}</li><li>${t('signInStep3')}</li></ol>
<p class="hint">${t('signInProtocol')}</p>`;
    return sendPage(reply, page({ title: t('signInTitle'), locale, service: t('citizenService'), path: '/citizen/sign-in', body }));
  });

  server.get('/citizen', { schema: { hide: true } }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const session = readCitizenSession(request, deps.clock.now());
    if (!session) {
      // A browser is shown how to sign in; an API client gets the 401 problem.
      if ((request.headers.accept ?? '').includes('text/html')) return reply.redirect('/citizen/sign-in', 303);
      throw new Unauthenticated('Sign in with your digi-ID.');
    }
    const own = await deps.db.select({ documentNumber: cards.documentNumber, state: cards.state, validUntil: cards.validUntil }).from(cards).where(eq(cards.holderCode, session.code));
    const t = cardText(locale);
    const body = html`${summaryList([{ key: t('name'), value: session.name }, { key: t('holderCode'), value: session.code }])}
<h2>${t('yourDocuments')}</h2>
${dataTable({ caption: t('yourCards'), locale, columns: [t('colDocument'), t('colState'), t('colValid')], rows: own.map((c) => [c.documentNumber, statusTag(t(`state_${c.state}`), cardTone(c.state)), c.validUntil]) })}
${o.sections ? await o.sections({ identificationCode: session.code, name: session.name }, locale) : ''}`;
    return sendPage(reply, page({ title: t('citizenTitle'), locale, service: t('citizenService'), path: '/citizen', body }));
  });
}
