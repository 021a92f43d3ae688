// SPDX-License-Identifier: Apache-2.0
import type { ContextMigrations } from '@tessera/platform';

export const centreMigrations: ContextMigrations = { context: 'centre', folder: new URL('./migrations', import.meta.url).pathname };
