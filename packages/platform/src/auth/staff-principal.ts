// SPDX-License-Identifier: Apache-2.0
import type { StaffRow } from './schema.ts';
import { staffIdentity, type StaffIdentity } from './staff-account.ts';

/** The signed-in staff member of a request, with the permissions their roles grant. */
export interface StaffPrincipal extends StaffIdentity {
  roles: readonly string[];
  permissions: ReadonlySet<string>;
  /** Whether an authenticator app is enrolled (sessions of such accounts were opened with it). */
  secondFactor: boolean;
}

/**
 * The composition root's table of roles and what each may do, e.g.
 * `{ officer: ['application:read', 'application:decide'], auditor: ['application:read'] }`.
 */
export type RoleTable<Role extends string = string, Permission extends string = string> = Readonly<Record<Role, readonly Permission[]>>;

/** Builds the principal; role names missing from the table grant nothing (fail closed). */
export function principalOf(row: StaffRow, roles: RoleTable): StaffPrincipal {
  const permissions = new Set<string>();
  for (const role of row.roles) {
    if (!Object.hasOwn(roles, role)) continue;
    for (const permission of roles[role] ?? []) permissions.add(permission);
  }
  return {
    ...staffIdentity(row),
    roles: row.roles,
    permissions,
    secondFactor: row.totpSecretEncrypted !== null,
  };
}
