// SPDX-License-Identifier: Apache-2.0
import type { ContextMigrations } from '@tessera/platform';

export const trustMigrations: ContextMigrations = { context: 'trust', folder: new URL('./migrations', import.meta.url).pathname };
