// SPDX-License-Identifier: Apache-2.0
import type { StaffRow } from './schema.ts';

/** A staff account as the rest of Tessera sees it: never the password hash or TOTP secret. */
export interface StaffAccount {
  id: string;
  username: string;
  displayName: string;
  organisation: string;
  roles: string[];
  totpEnrolled: boolean;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
}

export function toStaffAccount(row: StaffRow): StaffAccount {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    organisation: row.organisation,
    roles: row.roles,
    totpEnrolled: row.totpSecretEncrypted !== null,
    lockedUntil: row.lockedUntil,
    disabledAt: row.disabledAt,
    createdAt: row.createdAt,
  };
}
