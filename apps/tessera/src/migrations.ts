// SPDX-License-Identifier: Apache-2.0
import { authMigrations, idempotencyMigrations, mailMigrations, transparencyMigrations } from '@tessera/platform';
import { authorityMigrations } from '@tessera/authority';
import { messageLogMigrations, registry as exchangeRegistry, trackerMigrations } from '@tessera/exchange';
import { trustMigrations } from '@tessera/trust';
import { benefitsMigrations } from '@tessera/benefits';
import { paymentSandboxMigrations } from './payment-sandbox/index.ts';

/** Every context's migrations, in order: `tessera start` and each `tessera serve` part apply them all. */
export const FEDERATION_MIGRATIONS = [
  transparencyMigrations, authMigrations, mailMigrations, idempotencyMigrations, authorityMigrations, trustMigrations,
  exchangeRegistry.registryMigrations, messageLogMigrations, trackerMigrations, paymentSandboxMigrations, benefitsMigrations,
];
