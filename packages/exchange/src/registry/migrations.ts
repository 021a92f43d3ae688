// SPDX-License-Identifier: Apache-2.0
import type { ContextMigrations } from '@tessera/platform';

export const registryMigrations: ContextMigrations = { context: 'exchange_registry', folder: new URL('./migrations', import.meta.url).pathname };
