// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import countries from 'i18n-iso-countries';

/** ISO 3166-1 alpha-2 codes, from a kept dataset rather than a list copied by hand. */
export const COUNTRY_CODES: readonly string[] = Object.keys(countries.getAlpha2Codes()).sort();

/** Why a person applies; e-Residency asks this to screen purpose (seed: "legitimate purposes"). */
export const MOTIVATIONS = ['company', 'business_services', 'investment', 'digital_signing', 'other'] as const;
export type Motivation = (typeof MOTIVATIONS)[number];

/** Sex as the passport states it; the Estonian identification code e-residents receive encodes it. */
export const SEXES = ['F', 'M'] as const;
export type Sex = (typeof SEXES)[number];

const name = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: "^[\\p{L}\\p{M}][\\p{L}\\p{M}' .\\-]*$" });
const country = Type.Unsafe<string>({ type: 'string', enum: [...COUNTRY_CODES], description: 'ISO 3166-1 alpha-2 country code' });
const day = Type.String({ format: 'date' });

/**
 * What an applicant submits, apart from the photo and passport scan. Defined once: validates
 * the API, types the code and documents the OpenAPI schema.
 */
export const ApplicationForm = Type.Object({
  givenNames: name(100),
  surname: name(100),
  dateOfBirth: day,
  sex: Type.Unsafe<Sex>({ type: 'string', enum: [...SEXES] }),
  citizenship: country,
  residenceCountry: country,
  email: Type.String({ format: 'email', maxLength: 254 }),
  documentNumber: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9 -]+$' }),
  documentCountry: country,
  documentIssuedOn: day,
  documentExpiresOn: day,
  motivation: Type.Unsafe<Motivation>({ type: 'string', enum: [...MOTIVATIONS] }),
  motivationText: Type.String({ minLength: 20, maxLength: 2000 }),
  pickupLocation: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' }),
  locale: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('et'), Type.Literal('ko')])),
}, { additionalProperties: false });

export type ApplicationForm = Type.Static<typeof ApplicationForm>;
