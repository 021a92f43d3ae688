// SPDX-License-Identifier: Apache-2.0
import { authMigrations, idempotencyMigrations, mailMigrations, ManualClock, openTestStorage, transparencyMigrations, type Storage } from '@tessera/platform';
import type { ApplicationForm } from '../domain/application/application-form.ts';
import { DEFAULT_FEES } from '../domain/application/fee.ts';
import { DEFAULT_PHOTO_RULES } from '../domain/application/uploaded-file.ts';
import { DEFAULT_LOCATIONS } from '../domain/locations/default-locations.ts';
import { loadUnConsolidatedList } from '../sanctions/load-un-consolidated-list.ts';
import type { PaymentGateway } from '../payment/payment-port.ts';
import { specimenPassportScan, specimenPortrait } from '../specimen/specimen-files.ts';
import type { AuthorityDeps } from '../store/authority-deps.ts';
import { authorityMigrations } from '../store/migrations.ts';
import { upsertLocations } from '../store/seed-locations.ts';

export const SAMPLE_SANCTIONS_LIST = new URL('../../fixtures/un-consolidated-list.sample.xml', import.meta.url).pathname;

/**
 * The payment provider is outside the system, so store-level tests talk to this recording
 * stand-in; the HTTP and browser tests use the real sandbox provider over HTTP.
 */
export class RecordingPaymentGateway implements PaymentGateway {
  payments: Array<Parameters<PaymentGateway['createPayment']>[0] & { paymentId: string }> = [];
  refunds: Array<Parameters<PaymentGateway['refund']>[0]> = [];
  failNext = false;
  async createPayment(request: Parameters<PaymentGateway['createPayment']>[0]) {
    const paymentId = `pay_${this.payments.length + 1}`;
    this.payments.push({ ...request, paymentId });
    return { paymentId, redirectUrl: `https://pay.example/pay/${paymentId}` };
  }
  async refund(request: Parameters<PaymentGateway['refund']>[0]) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('provider unavailable');
    }
    this.refunds.push(request);
    return { refundId: `re_${this.refunds.length}`, status: 'pending' as const };
  }
}

export interface AuthorityFixture {
  storage: Storage;
  deps: AuthorityDeps;
  clock: ManualClock;
  payments: RecordingPaymentGateway;
}

export async function openAuthorityFixture(): Promise<AuthorityFixture> {
  const storage = await openTestStorage();
  for (const m of [transparencyMigrations, authMigrations, mailMigrations, idempotencyMigrations, authorityMigrations]) await storage.migrate(m);
  await upsertLocations(storage.db, DEFAULT_LOCATIONS);
  const clock = new ManualClock('2026-11-24T09:00:00Z');
  const payments = new RecordingPaymentGateway();
  const sanctions = loadUnConsolidatedList(SAMPLE_SANCTIONS_LIST);
  const deps: AuthorityDeps = {
    db: storage.db,
    clock,
    fees: DEFAULT_FEES,
    photoRules: DEFAULT_PHOTO_RULES,
    sanctionsList: () => sanctions,
    payments,
    publicUrl: 'https://eresidency.example/',
    webhookUrl: 'https://eresidency.example/api/v1/payments/webhook',
    applyRateLimit: { max: 10_000, timeWindow: '1 minute' },
  };
  return { storage, deps, clock, payments };
}

export function sampleForm(overrides: Partial<ApplicationForm> = {}): ApplicationForm {
  return {
    givenNames: 'Yongdae',
    surname: 'Kim',
    dateOfBirth: '1985-03-14',
    sex: 'M',
    citizenship: 'KR',
    residenceCountry: 'KR',
    email: 'yongdae.kim@example.kr',
    documentNumber: 'M12345678',
    documentCountry: 'KR',
    documentIssuedOn: '2022-05-01',
    documentExpiresOn: '2032-05-01',
    motivation: 'company',
    motivationText: 'I want to run my design studio as an EU company.',
    pickupLocation: 'seoul-vfs',
    locale: 'ko',
    ...overrides,
  };
}

export function sampleFiles() {
  return { photo: { bytes: specimenPortrait() }, passportScan: { bytes: specimenPassportScan('M12345678') } };
}
