// SPDX-License-Identifier: Apache-2.0
import type { ContextMigrations } from '@tessera/platform';

export const trackerMigrations: ContextMigrations = { context: 'exchange_tracker', folder: new URL('./migrations', import.meta.url).pathname };
