// SPDX-License-Identifier: Apache-2.0

export interface PickupLocation {
  code: string;
  name: string;
  kind: 'service_point' | 'embassy' | 'partner_centre';
  city: string;
  country: string;
  timeZone: string;
  surchargeMinor: number;
  active: boolean;
}

/**
 * The authority's own service point and the partner collection centres of the seed: Seoul is the
 * pilot; the others are configured and switched on as they open.
 */
export const DEFAULT_LOCATIONS: readonly PickupLocation[] = [
  { code: 'tallinn-service-point', name: 'PBGB Tallinn service point', kind: 'service_point', city: 'Tallinn', country: 'EE', timeZone: 'Europe/Tallinn', surchargeMinor: 0, active: true },
  { code: 'seoul-vfs', name: 'e-Residency Collection Centre Seoul (VFS Global)', kind: 'partner_centre', city: 'Seoul', country: 'KR', timeZone: 'Asia/Seoul', surchargeMinor: 3000, active: true },
  { code: 'dubai-vfs', name: 'e-Residency Collection Centre Dubai (VFS Global)', kind: 'partner_centre', city: 'Dubai', country: 'AE', timeZone: 'Asia/Dubai', surchargeMinor: 3000, active: false },
  { code: 'bangkok-vfs', name: 'e-Residency Collection Centre Bangkok (VFS Global)', kind: 'partner_centre', city: 'Bangkok', country: 'TH', timeZone: 'Asia/Bangkok', surchargeMinor: 3000, active: false },
  { code: 'sao-paulo-vfs', name: 'e-Residency Collection Centre São Paulo (VFS Global)', kind: 'partner_centre', city: 'São Paulo', country: 'BR', timeZone: 'America/Sao_Paulo', surchargeMinor: 3000, active: false },
  { code: 'san-francisco-vfs', name: 'e-Residency Collection Centre San Francisco (VFS Global)', kind: 'partner_centre', city: 'San Francisco', country: 'US', timeZone: 'America/Los_Angeles', surchargeMinor: 3000, active: false },
  { code: 'singapore-vfs', name: 'e-Residency Collection Centre Singapore (VFS Global)', kind: 'partner_centre', city: 'Singapore', country: 'SG', timeZone: 'Asia/Singapore', surchargeMinor: 3000, active: false },
];
