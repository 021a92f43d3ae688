// SPDX-License-Identifier: Apache-2.0

export const LOCALES = ['en', 'et', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Names of the languages in themselves, for the language switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', et: 'Eesti', ko: '한국어' };

/**
 * A catalogue of messages in every locale. English defines the keys; the type makes a missing
 * Estonian or Korean message a compile error rather than a blank on a page.
 */
export type Catalogue<K extends string> = Record<Locale, Record<K, string>>;

export function defineMessages<K extends string>(catalogue: { en: Record<K, string>; et: Record<K, string>; ko: Record<K, string> }): Catalogue<K> {
  return catalogue;
}

export type Translate<K extends string> = (key: K, params?: Record<string, string | number>) => string;

/** Returns a translator for one locale; `{name}` placeholders are filled from params. */
export function translator<K extends string>(catalogue: Catalogue<K>, locale: Locale): Translate<K> {
  const messages = catalogue[locale];
  return (key, params) => {
    // Own properties only: a key such as `constructor` must not find Object.prototype's.
    const template = Object.hasOwn(messages, key) ? messages[key] : Object.hasOwn(catalogue.en, key) ? catalogue.en[key] : key;
    return params ? template.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : m)) : template;
  };
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Picks the locale: an explicit choice (query or cookie) first, then the browser's
 * Accept-Language in its order of preference, then English.
 */
export function negotiateLocale(choice: string | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(choice)) return choice;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: (tag ?? '').toLowerCase().split('-')[0], q: q ? Number(q.split('=')[1]) : 1 };
    })
    .filter((r) => r.lang && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q);
  for (const r of ranked) if (isLocale(r.lang)) return r.lang;
  return DEFAULT_LOCALE;
}
