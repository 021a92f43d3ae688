// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseGrant, OfferUnreadable, offerUri, parseOffer, PRE_AUTHORIZED, readOfferObject, type Offer } from './offer.ts';

const ISSUER = 'https://issuer.tessera.test';
const link = (offer: unknown) => `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
const base = { credential_issuer: ISSUER, credential_configuration_ids: ['kr.mois.public-worker-id.sd-jwt'] };
const TX = { input_mode: 'numeric', length: 6 };
const unreadable = (e: unknown) => e instanceof OfferUnreadable && e.code === 'offer-unreadable';

describe('reading a credential offer and choosing its grant', () => {
  it('reads every grant an offer carries: the pre-authorized code with its transaction code, and issuer_state', () => {
    const offer = parseOffer(link({ ...base, grants: { [PRE_AUTHORIZED]: { 'pre-authorized_code': 'c-1', tx_code: TX }, authorization_code: { issuer_state: 'is-1' } } }));
    assert.deepEqual(offer, { issuer: ISSUER, configurationIds: base.credential_configuration_ids, preAuthorized: { code: 'c-1', txCode: TX }, authorizationCode: { issuerState: 'is-1' } });
  });

  it('an offer without grants can only be redeemed by signing in at the issuer (OpenID4VCI 1.0 §4.1.1 leaves it to the issuer’s metadata)', () => {
    assert.deepEqual(parseOffer(link(base)).authorizationCode, { issuerState: null });
  });

  it('the grant rule: one grant is that grant; of both, the pre-authorized code with a transaction code typed or none asked, else sign-in at the issuer', () => {
    const offer = (pre: Offer['preAuthorized'], code: Offer['authorizationCode']): Offer => ({ issuer: ISSUER, configurationIds: ['x'], preAuthorized: pre, authorizationCode: code });
    const cases: Array<[Offer, string, string]> = [
      [offer({ code: 'c', txCode: TX }, null), '', 'pre-authorized_code'],
      [offer(null, { issuerState: 's' }), '123456', 'authorization_code'],
      [offer({ code: 'c', txCode: TX }, { issuerState: 's' }), '123456', 'pre-authorized_code'],
      [offer({ code: 'c', txCode: TX }, { issuerState: 's' }), '', 'authorization_code'],
      [offer({ code: 'c', txCode: null }, { issuerState: 's' }), '', 'pre-authorized_code'],
    ];
    for (const [o, typed, grant] of cases) assert.equal(chooseGrant(o, typed), grant, JSON.stringify([o, typed]));
  });

  it('refuses what is no offer: not JSON, no issuer URL, no configuration, a pre-authorized grant without its code, a malformed issuer_state', () => {
    assert.throws(() => parseOffer('openid-credential-offer://?credential_offer=%7Bnot-json'), unreadable);
    assert.throws(() => parseOffer('openid-credential-offer://?nothing=1'), unreadable);
    for (const bad of [{ ...base, credential_issuer: 'issuer' }, { ...base, credential_configuration_ids: [] }, { ...base, grants: { [PRE_AUTHORIZED]: {} } }, { ...base, grants: { authorization_code: { issuer_state: 7 } } }, { ...base, grants: [] }, null]) {
      assert.throws(() => readOfferObject(bad), unreadable, JSON.stringify(bad));
    }
  });

  it('an offer by reference must be https (http only on this machine) and not also carry the offer by value', () => {
    assert.equal(offerUri(link(base)), null);
    assert.equal(offerUri(`openid-credential-offer://?credential_offer_uri=${encodeURIComponent(`${ISSUER}/credential-offers/abc`)}`)?.href, `${ISSUER}/credential-offers/abc`);
    assert.equal(offerUri('openid-credential-offer://?credential_offer_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcredential-offers%2Fabc')?.port, '8080');
    assert.throws(() => offerUri('openid-credential-offer://?credential_offer_uri=http%3A%2F%2Fissuer.example%2Fo%2F1'), unreadable);
    assert.throws(() => offerUri(`openid-credential-offer://?credential_offer_uri=x&credential_offer=${encodeURIComponent(JSON.stringify(base))}`), unreadable);
  });
});
