// SPDX-License-Identifier: Apache-2.0
import type { Locale } from '@tessera/platform';

/** The applicant's private status page; the token is the only key to it. */
export function statusLink(publicUrl: string, token: string): string {
  return new URL(`/applications/status/${token}`, publicUrl).toString();
}

export function formatFee(amountMinor: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amountMinor / 100);
}
