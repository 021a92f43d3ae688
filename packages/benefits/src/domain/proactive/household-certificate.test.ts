// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptHouseholdCertificate, type CertificateOutcome } from './household-certificate.ts';

const VCT = 'https://issuer.example/types/kr.mois.household-register-certificate';
const ISSUER = 'https://issuer.example';
const claims = { personal_identifier: '49001010001', certificate_number: 'HR-1', resident_address: 'Seoul', household_members: ['49001010001', '52603150002'] };
const verified = (over: Partial<{ vct: string; issuer: string; claims: Record<string, unknown> }> = {}): CertificateOutcome => ({ status: 'verified', credentials: [{ vct: VCT, issuer: ISSUER, claims, ...over }] });
const accept = (outcome: CertificateOutcome, beneficiary = 'EE49001010001') =>
  acceptHouseholdCertificate(outcome, { applicant: 'EE49001010001', beneficiary, vct: VCT, issuers: [ISSUER], requestId: 'r1', now: new Date('2026-05-10T09:00:00Z'), subjectOf: (c) => `EE${c}` });

describe('accepting a household register certificate', () => {
  it('keeps the number, address and members of the applicant\'s own certificate', () => {
    assert.deepEqual(accept(verified()), { vct: VCT, issuer: ISSUER, certificateNumber: 'HR-1', address: 'Seoul', members: ['EE49001010001', 'EE52603150002'], verifierRequest: 'r1', verifiedAt: '2026-05-10T09:00:00.000Z' });
    assert.equal(accept(verified(), 'household').certificateNumber, 'HR-1');
    assert.equal(accept(verified(), 'EE52603150002').certificateNumber, 'HR-1', 'a child listed in it');
  });

  it('fails closed on anything else', () => {
    const refused = (outcome: CertificateOutcome, beneficiary?: string) => assert.throws(() => accept(outcome, beneficiary), { code: 'ERR_CERTIFICATE_REFUSED' });
    refused({ status: 'refused', refusal: 'ERR_CREDENTIAL_REVOKED' });
    refused({ status: 'pending' });
    refused(verified({ vct: `${VCT}-copy` }));
    refused(verified({ issuer: 'https://other-issuer.example' }));
    refused(verified({ claims: { ...claims, personal_identifier: '49001010002' } }));
    refused(verified({ claims: { ...claims, personal_identifier: 'EE49001010001' } })); // compared exactly, as a data subject
    refused(verified({ claims: { ...claims, personal_identifier: '049001010001' } }));
    refused(verified({ claims: { ...claims, household_members: 'everyone' } }));
    refused(verified(), 'EE61111110003');
    const one = { vct: VCT, issuer: ISSUER, claims };
    refused({ status: 'verified', credentials: [one, one] });
  });
});
