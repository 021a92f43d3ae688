// SPDX-License-Identifier: Apache-2.0
import { RowMissing } from '../errors/platform-errors.ts';

/**
 * The first row of a statement that always answers one: an INSERT … RETURNING, a `count(*)`,
 * a row this transaction locked or wrote a moment before. None is a broken invariant, not the
 * caller's fault, so it fails with a coded 500 (`ERR_ROW_MISSING`) instead of a `!` that would
 * let `undefined` through to a TypeError somewhere later.
 */
export function expectRow<T>(rows: readonly T[]): T {
  const [row] = rows;
  if (row === undefined) throw new RowMissing();
  return row;
}
