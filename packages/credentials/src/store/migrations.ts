// SPDX-License-Identifier: Apache-2.0
import type { ContextMigrations } from '@tessera/platform';

export const credentialsMigrations: ContextMigrations = { context: 'credentials', folder: new URL('./migrations', import.meta.url).pathname };
