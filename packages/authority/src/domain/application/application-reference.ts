// SPDX-License-Identifier: Apache-2.0

/** Human-readable reference printed in e-mails and quoted on the phone: ER-2026-000123. */
export function applicationReference(year: number, sequence: number): string {
  return `ER-${year}-${String(sequence).padStart(6, '0')}`;
}
