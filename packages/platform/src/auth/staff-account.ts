// SPDX-License-Identifier: Apache-2.0
import type { StaffRow } from './schema.ts';

/** Who a staff member is: what the account view and the signed-in principal both carry. */
export interface StaffIdentity {
  id: string;
  username: string;
  displayName: string;
  organisation: string;
}

export function staffIdentity(row: StaffRow): StaffIdentity {
  return { id: row.id, username: row.username, displayName: row.displayName, organisation: row.organisation };
}

/** A staff account as the rest of Tessera sees it: never the password hash or TOTP secret. */
export interface StaffAccount extends StaffIdentity {
  roles: string[];
  totpEnrolled: boolean;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
}

export function toStaffAccount(row: StaffRow): StaffAccount {
  return {
    ...staffIdentity(row),
    roles: row.roles,
    totpEnrolled: row.totpSecretEncrypted !== null,
    lockedUntil: row.lockedUntil,
    disabledAt: row.disabledAt,
    createdAt: row.createdAt,
  };
}
