// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCatalogue } from '../catalogue/build-catalogue.ts';
import type { CredentialType } from './credential-type.ts';
import { validateCredentialType } from './validate-credential-type.ts';

const vctBase = 'https://issuer.tessera.test/types';
const sound = (): CredentialType => structuredClone(buildCatalogue({ vctBase, logoBase: 'https://issuer.tessera.test/logos' }).find((t) => t.id === 'kr.knpa.mobile-driver-licence')!);
// The registry holds the police with its driver register's licence service, and the tax service with nothing registered.
const exchange = { members: new Set(['GOV/1320000', 'GOV/1210000']), services: new Set(['GOV/1320000/driver-register/mobile-driver-licence']) };
const codes = (t: unknown) => validateCredentialType(t, { vctBase, exchange }).map((i) => `${i.code} ${i.path}`);

describe('validateCredentialType', () => {
  it('accepts a complete type', () => assert.deepEqual(codes(sound()), []));

  it('rejects something that is not an object', () => assert.deepEqual(codes([]), ['not_an_object ']));

  it('requires every language of the display', () => {
    const t = sound();
    delete (t.display as Partial<CredentialType['display']>).et;
    t.claims[0]!.display.ko = ' ';
    assert.deepEqual(codes(t), ['missing_translation /claims/0/display/ko', 'missing_display /display/et']);
  });

  it('refuses an mdoc namespace naming a claim the type does not have, and a mandatory claim left out', () => {
    const t = sound();
    t.mdoc!.namespaces['org.iso.18013.5.1'] = ['given_name', 'shoe_size'];
    const found = codes(t);
    assert.ok(found.includes('unknown_mdoc_element /mdoc/namespaces/org.iso.18013.5.1'));
    assert.ok(found.includes('mandatory_claim_not_in_mdoc /mdoc/namespaces'));
  });

  it('refuses mso_mdoc without a doctype, and mdoc details without the format', () => {
    const a = sound();
    delete a.mdoc;
    assert.deepEqual(codes(a), ['missing_mdoc /mdoc']);
    const b = sound();
    b.formats = ['dc+sd-jwt'];
    assert.deepEqual(codes(b), ['unexpected_mdoc /mdoc']);
  });

  it('refuses reserved and duplicate claim names', () => {
    const t = sound();
    t.claims.push({ ...t.claims[0]!, name: 'cnf', mandatory: false }, { ...t.claims[1]! });
    assert.deepEqual(codes(t), [`reserved_claim_name /claims/${t.claims.length - 2}/name`, `duplicate_claim /claims/${t.claims.length - 1}/name`]);
  });

  it('refuses a type where nothing is selectively disclosable', () => {
    const t = sound();
    for (const c of t.claims) c.disclosable = false;
    assert.deepEqual(codes(t), ['nothing_disclosable /claims']);
  });

  it('refuses colours that fail WCAG contrast, a vct not under the issuer, a bad id and an unknown source document', () => {
    const t = sound();
    t.display.en.textColor = '#1d5c2f';
    t.vct = 'https://elsewhere.example/types/x';
    (t as { derivedFrom: unknown }).derivedFrom = 'library-card';
    assert.deepEqual(codes(t), ['invalid_vct /vct', 'low_contrast /display/en/textColor', 'unknown_source_document /derivedFrom']);
    t.id = 'KR.bad';
    assert.ok(codes(t).includes('invalid_id /id'));
  });

  it('refuses an agency that is not a member of the exchange, and a claims service the registry does not hold', () => {
    const t = sound();
    t.agency.memberCode = '1999999';
    assert.deepEqual(codes(t), ['unknown_agency /agency']);
    const u = sound();
    u.agency.memberCode = '1210000';
    assert.deepEqual(codes(u), ['unknown_service /source'], 'a member, but not with this service');
    const v = sound();
    v.source.subsystem = 'population-register';
    assert.deepEqual(codes(v), ['unknown_service /source'], 'the right service code in the wrong subsystem');
  });

  it('bounds validity and requires key binding', () => {
    const t = sound();
    t.validityDays = 0;
    (t as { keyBinding: unknown }).keyBinding = 'none';
    assert.deepEqual(codes(t), ['invalid_validity /validityDays', 'invalid_key_binding /keyBinding']);
  });
});
