// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import Type from 'typebox';
import { Unauthenticated, ValidationFailed, type Clock, type Server } from '@tessera/platform';
import type { KeyStore } from '../ca/key-store.ts';
import { KeyLabelTaken } from '../trust-errors.ts';
import { readCitizenSession } from './citizen-session.ts';

/** The JWT `typ` of a citizen assertion, so no other token of the portal's key can stand in for one. */
export const CITIZEN_ASSERTION_TYPE = 'citizen-assertion+jwt';
/** Where the portal publishes the key its citizen assertions are signed with (a JWK Set, RFC 7517 §5). */
export const CITIZEN_ASSERTION_KEYS_PATH = '/citizen/sign-in/keys';
/** Where a relying part sends the person to be vouched for. */
export const CITIZEN_ASSERTION_PATH = '/citizen/sign-in/assertion';

const KEY_LABEL = 'citizen-assertion-1';
/** Long enough for one redirect, short enough that a leaked one is stale at once. */
const ASSERTION_TTL_S = 60;

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

/** The portal's assertion key, made on first use (another process making it at the same time wins, and is used). */
async function assertionSigner(keyStore: KeyStore) {
  if (!(await keyStore.has(KEY_LABEL))) {
    try {
      await keyStore.generate(KEY_LABEL, 'P-256');
    } catch (error) {
      if (!(error instanceof KeyLabelTaken)) throw error;
    }
  }
  const signer = await keyStore.signer(KEY_LABEL);
  const jwk: JWK = { ...(await exportJWK(signer.publicKey)), alg: 'ES256', use: 'sig' };
  return { signer, jwk: { ...jwk, kid: await calculateJwkThumbprint(jwk) } };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The citizen portal as identity provider for other organisations' parts (the benefits
 * service): a person signed in here is sent to the part with a signed, single-use,
 * one-minute assertion (ES256 JWT: `iss` the portal, `aud` the part, `sub` the identification
 * code, `nonce` the part's state), which the part checks against the key published at
 * {@link CITIZEN_ASSERTION_KEYS_PATH}. The part never needs the portal's cookie secret, so it
 * cannot make portal sessions, and an assertion made for one part is refused by another.
 */
export function registerCitizenAssertions(server: Server, o: CitizenAssertionOptions): void {
  let key: ReturnType<typeof assertionSigner> | undefined;
  const keyOnce = () => {
    key ??= assertionSigner(o.keyStore).catch((error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  };

  server.get(CITIZEN_ASSERTION_KEYS_PATH, { schema: { hide: true } }, async (_request, reply) => {
    const { jwk } = await keyOnce();
    return reply.header('cache-control', 'public, max-age=300').send({ keys: [jwk] });
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
    const { signer, jwk } = await keyOnce();
    const iat = Math.floor(now.getTime() / 1000);
    const input = `${b64url({ alg: 'ES256', typ: CITIZEN_ASSERTION_TYPE, kid: jwk.kid })}.${b64url({
      iss: o.issuer, aud: request.query.client_id, sub: session.code, name: session.name, nonce: request.query.state,
      jti: randomBytes(16).toString('base64url'), iat, exp: iat + ASSERTION_TTL_S,
    })}`;
    const assertion = `${input}.${Buffer.from(await signer.sign(new TextEncoder().encode(input))).toString('base64url')}`;
    const back = new URL(target);
    back.searchParams.set('assertion', assertion);
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(back.toString(), 303);
  });
}
