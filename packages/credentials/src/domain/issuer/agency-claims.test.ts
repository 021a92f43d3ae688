// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCatalogue } from '../catalogue/build-catalogue.ts';
import { agencyClaimsRequest, readAgencyAnswer } from './agency-claims.ts';
import { recordClaims } from './record-claims.ts';

const type = buildCatalogue({ vctBase: 'https://issuer.tessera.test/types', logoBase: 'https://issuer.tessera.test/logos' }).find((t) => t.id === 'kr.mois.public-worker-id')!;
const request = agencyClaimsRequest(type);
const good = recordClaims(type, { identificationCode: '49403080215', givenName: 'Minji', familyName: 'Kim', birthDate: '1994-03-08' }, new Date('2026-12-02T10:00:00Z'));
const refused = (body: unknown) => {
  try {
    readAgencyAnswer(type, request, body);
  } catch (error) {
    const e = error as { code: string; extensions?: { errors?: Array<{ code: string; path: string }> } };
    assert.equal(e.code, 'ERR_AGENCY_CLAIMS_INVALID');
    return e.extensions?.errors ?? [];
  }
  assert.fail('the answer was accepted');
};

describe('reading an owning agency’s answer', () => {
  it('asks the agency named by the type for every claim of the type, with the purpose the person will read', () => {
    assert.deepEqual([request.memberClass, request.memberCode, request.subsystem, request.service], ['GOV', '1741000', 'personnel', 'public-worker-id']);
    assert.deepEqual(request.claims, type.claims.map((c) => c.name));
    assert.equal(request.purpose, 'issuing the holder\'s mobile credential "Ministry of the Interior and Safety public servant ID" (kr.mois.public-worker-id, version 1)');
  });

  it('accepts an answer with exactly the asked claims of the right types', () => {
    assert.deepEqual(readAgencyAnswer(type, request, { claims: good }), good);
  });

  it('refuses the whole answer when it holds a claim that was not asked for', () => {
    const issues = refused({ claims: { ...good, resident_address: 'Seoul' } });
    assert.deepEqual(issues.map((i) => [i.code, i.path]), [['not_asked', '/claims/resident_address']]);
  });

  it('refuses the whole answer when anything beside the claims comes with it', () => {
    assert.deepEqual(refused({ claims: good, household: ['someone else'] }).map((i) => i.code), ['unexpected_member']);
  });

  it('refuses the whole answer when a value has the wrong type', () => {
    assert.deepEqual(refused({ claims: { ...good, birth_date: '08.03.1994' } }).map((i) => [i.code, i.path]), [['wrong_value_type', '/claims/birth_date']]);
    assert.deepEqual(refused({ claims: { ...good, age_over_19: 'yes' } }).map((i) => i.code), ['wrong_value_type']);
  });

  it('refuses an answer missing a mandatory claim, or with no claims object at all', () => {
    const { position: _position, ...withoutPosition } = good;
    assert.deepEqual(refused({ claims: withoutPosition }).map((i) => [i.code, i.path]), [['missing_claim', '/claims/position']]);
    assert.deepEqual(refused({ claims: [good] }).map((i) => i.code), ['not_an_object']);
    assert.deepEqual(refused('ok').map((i) => i.code), ['not_an_object']);
  });
});
