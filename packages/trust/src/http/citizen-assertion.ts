// SPDX-License-Identifier: Apache-2.0
import { createHash, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import Type from 'typebox';
import { html, pageLocale, raw, sendPage, Unauthenticated, ValidationFailed, type Clock, type Server } from '@tessera/platform';
import type { KeyStore } from '../ca/key-store.ts';
import { KeyLabelTaken } from '../trust-errors.ts';
import { readCitizenSession } from './citizen-session.ts';
import { cardText } from './pages/card-messages.ts';

/** The JWT `typ` of a citizen assertion, so no other token of the portal's key can stand in for one. */
export const CITIZEN_ASSERTION_TYPE = 'citizen-assertion+jwt';
/** Where the portal publishes the key its citizen assertions are signed with (a JWK Set, RFC 7517 §5). */
export const CITIZEN_ASSERTION_KEYS_PATH = '/citizen/sign-in/keys';
/** Where a relying part sends the person to be vouched for. */
export const CITIZEN_ASSERTION_PATH = '/citizen/sign-in/assertion';

/** Long enough for one redirect, short enough that a leaked one is stale at once. */
const ASSERTION_TTL_S = 60;
/** How long one assertion key signs before the next takes over (a new key each period, made on first use). */
export const CITIZEN_ASSERTION_KEY_DAYS = 30;
const PERIOD_MS = CITIZEN_ASSERTION_KEY_DAYS * 86_400_000;
/** The key of one period: its label says which, so every process of the portal picks the same one without a shared list. */
const keyLabel = (period: number) => `citizen-assertion-p${period}`;

/** Submits the form that carries the assertion as soon as the page loads; allowed by its hash alone. */
const SUBMIT_SCRIPT = 'document.forms[0].submit();';
const SUBMIT_SCRIPT_HASH = `'sha256-${createHash('sha256').update(SUBMIT_SCRIPT).digest('base64')}'`;

export interface CitizenAssertionOptions {
  clock: Clock;
  keyStore: KeyStore;
  /** The portal's public address: the assertions' `iss`. */
  issuer: string;
  /**
   * The parts the portal vouches for its citizens to, by audience (`client_id`), each with the one
   * address its assertions go to: an assertion never goes anywhere else, so a link cannot
   * send a person's identity to a site of its choosing.
   */
  relyingParties: Readonly<Record<string, string>>;
}

/** The portal's assertion key of one period, made on first use (another process making it at the same time wins, and is used). */
async function assertionSigner(keyStore: KeyStore, label: string) {
  if (!(await keyStore.has(label))) {
    try {
      await keyStore.generate(label, 'P-256');
    } catch (error) {
      if (!(error instanceof KeyLabelTaken)) throw error;
    }
  }
  const signer = await keyStore.signer(label);
  const jwk: JWK = { ...(await exportJWK(signer.publicKey)), alg: 'ES256', use: 'sig' };
  return { signer, jwk: { ...jwk, kid: await calculateJwkThumbprint(jwk) } };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The citizen portal as identity provider for other organisations' parts (the benefits
 * service): a person signed in here is sent to the part with a signed, single-use,
 * one-minute assertion (ES256 JWT: `iss` the portal, `aud` the part, `sub` the identification
 * code, `nonce` the part's state), which the part checks against the keys published at
 * {@link CITIZEN_ASSERTION_KEYS_PATH}. The part never needs the portal's cookie secret, so it
 * cannot make portal sessions, and an assertion made for one part is refused by another.
 *
 * The assertion travels in the body of a form the browser posts to the part (as OAuth's
 * `form_post` response mode does), never in a URL, so it is in no address bar, history, request
 * log or Referer. The signing key changes every {@link CITIZEN_ASSERTION_KEY_DAYS} days; the keys
 * published are the current period's and the one before, so an assertion signed just before the
 * change still verifies, and a part that caches the set finds the new `kid` missing and fetches it.
 */
export function registerCitizenAssertions(server: Server, o: CitizenAssertionOptions): void {
  const keys = new Map<number, ReturnType<typeof assertionSigner>>();
  const keyOf = (period: number) => {
    let key = keys.get(period);
    if (!key) {
      key = assertionSigner(o.keyStore, keyLabel(period)).catch((error: unknown) => {
        keys.delete(period);
        throw error;
      });
      keys.set(period, key);
      // Only the current and the previous period are ever asked for again.
      for (const old of keys.keys()) if (old < period - 1) keys.delete(old);
    }
    return key;
  };
  const currentPeriod = () => Math.floor(o.clock.now().getTime() / PERIOD_MS);

  server.get(CITIZEN_ASSERTION_KEYS_PATH, { schema: { hide: true } }, async (_request, reply) => {
    const period = currentPeriod();
    const published = [(await keyOf(period)).jwk];
    // The previous period's key, if it was made: never made anew just to be published.
    if (keys.has(period - 1) || await o.keyStore.has(keyLabel(period - 1))) published.push((await keyOf(period - 1)).jwk);
    return reply.header('cache-control', 'public, max-age=300').send({ keys: published });
  });

  server.get(CITIZEN_ASSERTION_PATH, {
    schema: { hide: true, querystring: Type.Object({ client_id: Type.String({ maxLength: 64 }), state: Type.String({ minLength: 22, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }) }) },
  }, async (request, reply) => {
    const target = Object.hasOwn(o.relyingParties, request.query.client_id) ? o.relyingParties[request.query.client_id] : undefined;
    if (!target) throw new ValidationFailed([{ code: 'unknown_client', path: '/client_id', message: 'The portal does not vouch for its citizens to this part.' }]);
    const now = o.clock.now();
    const session = readCitizenSession(request, now);
    if (!session) {
      if ((request.headers.accept ?? '').includes('text/html')) return reply.redirect('/citizen/sign-in', 303);
      throw new Unauthenticated('Sign in with your digi-ID.');
    }
    const { signer, jwk } = await keyOf(currentPeriod());
    const iat = Math.floor(now.getTime() / 1000);
    const input = `${b64url({ alg: 'ES256', typ: CITIZEN_ASSERTION_TYPE, kid: jwk.kid })}.${b64url({
      iss: o.issuer, aud: request.query.client_id, sub: session.code, name: session.name, nonce: request.query.state,
      jti: randomBytes(16).toString('base64url'), iat, exp: iat + ASSERTION_TTL_S,
    })}`;
    const assertion = `${input}.${Buffer.from(await signer.sign(new TextEncoder().encode(input))).toString('base64url')}`;
    const locale = pageLocale(request, reply);
    const t = cardText(locale);
    // The page may run its one script and post its one form to the part's registered address, and nothing else.
    reply.header('content-security-policy', `default-src 'none'; style-src 'self'; script-src ${SUBMIT_SCRIPT_HASH}; form-action ${new URL(target).origin}; frame-ancestors 'none'; base-uri 'none'`);
    return sendPage(reply.header('referrer-policy', 'no-referrer'), html`<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t('assertionTitle')}</title><link rel="stylesheet" href="/assets/tessera.css"></head>
<body><main id="main" class="main">
<h1>${t('assertionTitle')}</h1>
<form method="post" action="${target}">
<input type="hidden" name="assertion" value="${assertion}">
<p>${t('assertionIntro')}</p>
<button type="submit" class="button">${t('assertionContinue')}</button>
</form>
</main><script>${raw(SUBMIT_SCRIPT)}</script></body>
</html>`);
  });
}
