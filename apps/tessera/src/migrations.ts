// SPDX-License-Identifier: Apache-2.0
import { authMigrations, idempotencyMigrations, mailMigrations, transparencyMigrations } from '@tessera/platform';
import { authorityMigrations } from '@tessera/authority';
import { messageLogMigrations, registry as exchangeRegistry, trackerMigrations } from '@tessera/exchange';
import { trustMigrations } from '@tessera/trust';
import { benefitsMigrations } from '@tessera/benefits';
import { paymentSandboxMigrations } from './payment-sandbox/index.ts';

/** The shared database's contexts, in order: each `tessera serve` part without a database of its own applies them all. */
export const SHARED_MIGRATIONS = [
  transparencyMigrations, authMigrations, mailMigrations, idempotencyMigrations, authorityMigrations, trustMigrations,
  exchangeRegistry.registryMigrations, messageLogMigrations, trackerMigrations, paymentSandboxMigrations,
];

/** `tessera start`'s one storage: the shared contexts and the benefits service's (its own database under `tessera serve benefits`). */
export const FEDERATION_MIGRATIONS = [...SHARED_MIGRATIONS, benefitsMigrations];
