// SPDX-License-Identifier: Apache-2.0

/** Days of the week as `Date.getUTCDay()` numbers them in the centre's own zone: 0 is Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Opening hours of one day as local wall-clock times, e.g. `{ opens: '09:00', closes: '17:00' }`. */
export interface OpeningPeriod {
  opens: string;
  closes: string;
}

/**
 * One collection centre of the partner, as its operator configures it. Times are local to the
 * centre's IANA time zone; holidays are local dates (YYYY-MM-DD) when no slot is offered.
 */
export interface CentreConfig {
  /** The authority's pickup-location code this centre serves, e.g. `seoul-vfs`. */
  code: string;
  name: string;
  address: string;
  city: string;
  country: string;
  timeZone: string;
  /** Only live centres receive cards and offer slots; the others are configured, waiting to open. */
  live: boolean;
  openingHours: Readonly<Partial<Record<Weekday, readonly OpeningPeriod[]>>>;
  holidays: readonly string[];
  slotMinutes: number;
  /** Applicants one slot takes (one per operator desk). */
  slotCapacity: number;
  /** Months a card waits for its holder before it is returned (DOMAIN.md: 6). */
  collectionMonths: number;
}

const weekdays = (opens: string, closes: string): CentreConfig['openingHours'] => ({ 1: [{ opens, closes }], 2: [{ opens, closes }], 3: [{ opens, closes }], 4: [{ opens, closes }], 5: [{ opens, closes }] });

/**
 * The centres of the seed (Seoul is the pilot; Dubai, Bangkok, São Paulo, San Francisco and
 * Singapore are planned). Addresses and hours are illustrative; holidays are the 2026–27 public
 * holidays that fall on a working day.
 */
export const DEFAULT_CENTRES: readonly CentreConfig[] = [
  {
    code: 'seoul-vfs', name: 'e-Residency Collection Centre Seoul (VFS Global)', address: 'Jung-gu, Namdaemun-ro 9-gil 51, 16F', city: 'Seoul', country: 'KR', timeZone: 'Asia/Seoul', live: true,
    openingHours: { ...weekdays('09:00', '12:00'), 1: [{ opens: '09:00', closes: '12:00' }, { opens: '13:00', closes: '16:00' }], 3: [{ opens: '09:00', closes: '12:00' }, { opens: '13:00', closes: '16:00' }] },
    holidays: ['2026-12-25', '2027-01-01', '2027-02-08', '2027-02-09', '2027-03-01'], slotMinutes: 20, slotCapacity: 2, collectionMonths: 6,
  },
  {
    code: 'dubai-vfs', name: 'e-Residency Collection Centre Dubai (VFS Global)', address: 'Wafi Mall, Oud Metha Road', city: 'Dubai', country: 'AE', timeZone: 'Asia/Dubai', live: false,
    openingHours: { 1: [{ opens: '08:00', closes: '15:00' }], 2: [{ opens: '08:00', closes: '15:00' }], 3: [{ opens: '08:00', closes: '15:00' }], 4: [{ opens: '08:00', closes: '15:00' }], 5: [{ opens: '08:00', closes: '12:00' }] },
    holidays: ['2026-12-02', '2026-12-03'], slotMinutes: 15, slotCapacity: 1, collectionMonths: 6,
  },
  { code: 'bangkok-vfs', name: 'e-Residency Collection Centre Bangkok (VFS Global)', address: 'The Trendy Building, Sukhumvit Soi 13', city: 'Bangkok', country: 'TH', timeZone: 'Asia/Bangkok', live: false, openingHours: weekdays('08:30', '15:30'), holidays: ['2026-12-10', '2026-12-31'], slotMinutes: 15, slotCapacity: 1, collectionMonths: 6 },
  { code: 'sao-paulo-vfs', name: 'e-Residency Collection Centre São Paulo (VFS Global)', address: 'Avenida Paulista 1009', city: 'São Paulo', country: 'BR', timeZone: 'America/Sao_Paulo', live: false, openingHours: weekdays('09:00', '16:00'), holidays: ['2026-12-25', '2027-01-01'], slotMinutes: 20, slotCapacity: 1, collectionMonths: 6 },
  { code: 'san-francisco-vfs', name: 'e-Residency Collection Centre San Francisco (VFS Global)', address: '1 Market Street', city: 'San Francisco', country: 'US', timeZone: 'America/Los_Angeles', live: false, openingHours: weekdays('09:00', '16:00'), holidays: ['2026-12-25', '2027-01-01'], slotMinutes: 20, slotCapacity: 1, collectionMonths: 6 },
  { code: 'singapore-vfs', name: 'e-Residency Collection Centre Singapore (VFS Global)', address: '1 Raffles Place', city: 'Singapore', country: 'SG', timeZone: 'Asia/Singapore', live: false, openingHours: weekdays('09:00', '16:00'), holidays: ['2026-12-25', '2027-01-01'], slotMinutes: 15, slotCapacity: 1, collectionMonths: 6 },
];

/** The centre with exactly this code; `undefined` for any other string. */
export function centreByCode(centres: readonly CentreConfig[], code: string | null | undefined): CentreConfig | undefined {
  return code ? centres.find((c) => c.code === code) : undefined;
}
