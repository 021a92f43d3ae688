// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCatalogue } from './build-catalogue.ts';
import { validateCredentialType } from '../types/validate-credential-type.ts';

const options = { vctBase: 'https://issuer.tessera.test/types', logoBase: 'https://issuer.tessera.test/logos' };

describe('the credential type catalogue', () => {
  const types = buildCatalogue(options);

  it('holds 300 types, each passing the validator', () => {
    assert.equal(types.length, 300);
    for (const type of types) assert.deepEqual(validateCredentialType(type, options), [], type.id);
  });

  it('gives every type its own id and vct', () => {
    assert.equal(new Set(types.map((t) => t.id)).size, types.length);
    assert.equal(new Set(types.map((t) => t.vct)).size, types.length);
  });

  it('covers both jurisdictions and the documents the seed names', () => {
    const ids = new Set(types.map((t) => t.id));
    for (const id of ['kr.mois.resident-registration-card', 'kr.knpa.mobile-driver-licence', 'kr.mois.public-worker-id', 'kr.mois.household-register-certificate',
      'kr.nca.family-relations-certificate', 'kr.nhis.health-insurance-card', 'kr.mohw.disability-registration-card', 'kr.mpva.national-merit-card', 'kr.snu.student-id',
      'kr.mohw.physician', 'ee.ppa.id-card', 'ee.ppa.e-resident-digi-id', 'ee.transpordiamet.driving-licence', 'ee.ut.student-id', 'ee.jdm.notar']) {
      assert.ok(ids.has(id), id);
    }
    assert.ok(types.filter((t) => t.jurisdiction === 'EE').length >= 100);
    assert.ok(types.filter((t) => t.jurisdiction === 'KR').length >= 150);
  });

  it('offers the driving licences, the ID cards and the nurse licence as ISO mdoc', () => {
    const mdl = types.find((t) => t.id === 'kr.knpa.mobile-driver-licence')!;
    assert.deepEqual(mdl.formats, ['dc+sd-jwt', 'mso_mdoc']);
    assert.equal(mdl.mdoc?.doctype, 'org.iso.18013.5.1.mDL');
    assert.ok(mdl.mdoc?.namespaces['org.iso.18013.5.1']?.includes('driving_privileges'));
    assert.deepEqual(types.find((t) => t.id === 'kr.mohw.nurse')!.mdoc?.namespaces['kr.go.mohw.nurse.1'], ['family_name', 'given_name', 'birth_date', 'licence_number', 'issue_date', 'expiry_date', 'profession', 'specialty', 'licence_status']);
    for (const id of ['ee.ppa.id-card', 'kr.mois.resident-registration-card', 'ee.transpordiamet.driving-licence']) assert.ok(types.find((t) => t.id === id)!.formats.includes('mso_mdoc'), id);
  });

  it('makes the ID-card-derived types follow the card', () => {
    assert.equal(types.find((t) => t.id === 'kr.mois.public-worker-id')!.derivedFrom, 'id-card');
    assert.equal(types.find((t) => t.id === 'kr.nca.basic-certificate')!.derivedFrom, null);
  });
});
