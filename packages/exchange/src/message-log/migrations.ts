// SPDX-License-Identifier: Apache-2.0
import type { ContextMigrations } from '@tessera/platform';

export const messageLogMigrations: ContextMigrations = { context: 'exchange_message_log', folder: new URL('./migrations', import.meta.url).pathname };
