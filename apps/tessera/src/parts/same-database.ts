// SPDX-License-Identifier: Apache-2.0

/**
 * The same server and database, whatever the credentials or options in the address: a part of
 * another organisation (the centre, the credentials part) refuses the authority's database as its own.
 */
export function sameDatabase(a: string, b: string): boolean {
  const [x, y] = [new URL(a), new URL(b)];
  return x.hostname === y.hostname && (x.port || '5432') === (y.port || '5432') && x.pathname === y.pathname;
}
