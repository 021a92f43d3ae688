// SPDX-License-Identifier: Apache-2.0
import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL bytea as a Buffer; Drizzle has no built-in column type for it. PGlite hands back Uint8Array, node-postgres Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});
