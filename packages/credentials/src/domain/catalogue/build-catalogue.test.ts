// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCatalogue } from './build-catalogue.ts';
import { validateCredentialType } from '../types/validate-credential-type.ts';
import { catalogueAgencies } from './build-catalogue.ts';

const options = { vctBase: 'https://issuer.tessera.test/types', logoBase: 'https://issuer.tessera.test/logos' };

describe('the credential type catalogue', () => {
  const types = buildCatalogue(options);

  it('holds 300 types, each passing the validator against a registry of the catalogue\'s agencies and services', () => {
    assert.equal(types.length, 300);
    const agencies = catalogueAgencies(types);
    const exchange = {
      members: new Set(agencies.map((a) => `${a.memberClass}/${a.memberCode}`)),
      services: new Set(agencies.flatMap((a) => a.services.map((s) => `${a.memberClass}/${a.memberCode}/${s.subsystem}/${s.service}`))),
    };
    for (const type of types) assert.deepEqual(validateCredentialType(type, { vctBase: options.vctBase, exchange }), [], type.id);
  });

  it('names each agency by one member code, and each of its types by its own service', () => {
    const agencies = catalogueAgencies(types);
    assert.equal(agencies.reduce((n, a) => n + a.services.length, 0), 300);
    assert.equal(new Set(agencies.map((a) => a.key)).size, agencies.length, 'one member code per agency key');
    for (const a of agencies) {
      assert.match(a.memberCode, /^(\d{7}|[A-Z]\d{6}|\d{8})$/, a.key);
      assert.equal(new Set(a.services.map((s) => `${s.subsystem}/${s.service}`)).size, a.services.length, `${a.key}: no two types share a service`);
    }
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
