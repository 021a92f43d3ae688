// SPDX-License-Identifier: Apache-2.0
// The authorization code flow's pure parts, on the same WebCrypto the browser has: PKCE as
// RFC 7636 computes it, and a redirect back accepted only as the answer to this wallet's request.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorizationUrl, AuthorizationRefused, codeTokenRequest, newPkce, newState, pkceChallenge, pkceFrom, pushedAuthorizationRequest, readAuthorizationResponse, webWalletClient } from './authorization.ts';

const CLIENT = webWalletClient('https://mobile.tessera.test');
const ISSUER = 'https://mobile.tessera.test';

describe('the wallet’s authorization code flow requests', () => {
  it('pkce_s256: RFC 7636 Appendix B’s octets give its code_verifier and code_challenge', async () => {
    const octets = new Uint8Array([116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121]);
    assert.deepEqual(await pkceFrom(octets), { verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' });
  });

  it('pkce_fresh: each pair is a new 43-character verifier of the unreserved set with its S256 challenge, and each state is new', async () => {
    const [a, b] = [await newPkce(), await newPkce()];
    assert.notEqual(a.verifier, b.verifier);
    for (const pair of [a, b]) {
      assert.match(pair.verifier, /^[A-Za-z0-9\-._~]{43}$/);
      assert.equal(pair.challenge, await pkceChallenge(pair.verifier));
    }
    assert.notEqual(newState(), newState());
    assert.match(newState(), /^[A-Za-z0-9_-]{43}$/);
  });

  it('pushes a code request for the client and redirect URI with S256, the state, the offer’s configurations as authorization_details and its issuer_state', () => {
    const fields = pushedAuthorizationRequest({ client: CLIENT, configurationIds: ['a.sd-jwt', 'b.mdoc'], challenge: 'c'.repeat(43), state: 's-1', issuerState: 'from-offer' });
    assert.deepEqual(Object.fromEntries(fields), {
      response_type: 'code', client_id: 'tessera-web-wallet', redirect_uri: 'https://mobile.tessera.test/wallet/', code_challenge: 'c'.repeat(43), code_challenge_method: 'S256', state: 's-1',
      authorization_details: JSON.stringify([{ type: 'openid_credential', credential_configuration_id: 'a.sd-jwt' }, { type: 'openid_credential', credential_configuration_id: 'b.mdoc' }]), issuer_state: 'from-offer',
    });
    assert.equal(pushedAuthorizationRequest({ client: CLIENT, configurationIds: ['a.sd-jwt'], challenge: 'c'.repeat(43), state: 's', issuerState: null }).has('issuer_state'), false);
    assert.equal(authorizationUrl(`${ISSUER}/authorize`, CLIENT.clientId, 'urn:ietf:params:oauth:request_uri:x'), `${ISSUER}/authorize?client_id=tessera-web-wallet&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Ax`);
    assert.deepEqual(Object.fromEntries(codeTokenRequest({ client: CLIENT, code: 'k', codeVerifier: 'v' })), { grant_type: 'authorization_code', code: 'k', code_verifier: 'v', redirect_uri: CLIENT.redirectUri, client_id: CLIENT.clientId });
  });

  it('state_mismatch: a redirect with another, a longer, a missing or a repeated state is refused before its code is read', () => {
    const expected = { state: 'state-1', issuer: ISSUER, issRequired: true };
    const back = (query: string) => `${CLIENT.redirectUri}?${query}`;
    assert.equal(readAuthorizationResponse(back(`code=k&state=state-1&iss=${encodeURIComponent(ISSUER)}`), expected), 'k');
    for (const query of ['code=k&state=state-2', 'code=k&state=state-1x', 'code=k&state=STATE-1', 'code=k', 'code=k&state=', 'code=k&state=state-2&state=state-1', 'code=k&state=state-1&state=state-1']) {
      assert.throws(() => readAuthorizationResponse(back(`${query}&iss=${encodeURIComponent(ISSUER)}`), expected), (e: unknown) => e instanceof AuthorizationRefused && e.code === 'state-mismatch', query);
    }
  });

  it('issuer_mismatch: an answer naming another issuer, or none when the server sends iss, is refused (RFC 9207)', () => {
    const back = (iss?: string) => `${CLIENT.redirectUri}?code=k&state=s${iss === undefined ? '' : `&iss=${encodeURIComponent(iss)}`}`;
    const refused = (e: unknown) => e instanceof AuthorizationRefused && e.code === 'issuer-mismatch';
    assert.throws(() => readAuthorizationResponse(back('https://attacker.example'), { state: 's', issuer: ISSUER, issRequired: true }), refused);
    assert.throws(() => readAuthorizationResponse(back('https://attacker.example'), { state: 's', issuer: ISSUER, issRequired: false }), refused);
    assert.throws(() => readAuthorizationResponse(back(), { state: 's', issuer: ISSUER, issRequired: true }), refused);
    assert.equal(readAuthorizationResponse(back(), { state: 's', issuer: ISSUER, issRequired: false }), 'k');
  });

  it('an error answer is refused with the issuer’s description, and an answer without one code too', () => {
    const expected = { state: 's', issuer: ISSUER, issRequired: false };
    assert.throws(() => readAuthorizationResponse(`${CLIENT.redirectUri}?error=access_denied&error_description=Cancelled&state=s`, expected), (e: unknown) => e instanceof AuthorizationRefused && e.code === 'access-denied' && e.message === 'Cancelled');
    assert.throws(() => readAuthorizationResponse(`${CLIENT.redirectUri}?state=s`, expected), (e: unknown) => e instanceof AuthorizationRefused && e.code === 'no-code');
    assert.throws(() => readAuthorizationResponse(`${CLIENT.redirectUri}?code=k&code=j&state=s`, expected), (e: unknown) => e instanceof AuthorizationRefused && e.code === 'no-code');
  });
});
