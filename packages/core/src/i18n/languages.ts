/**
 * The languages Hark speaks: core has its default questions in each, the
 * widget its strings. English is the fallback for every other locale.
 */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'nl', 'pt', 'ja', 'ar', 'he'] as const;

/** One of `LANGUAGES`. */
export type Language = (typeof LANGUAGES)[number];

/** The built-in language a BCP 47 tag uses: `'de-AT'` → `'de'`, `'nl_BE'` → `'nl'`; `'en'` for any other, or none. */
export function languageOf(locale: string | undefined): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0] as Language;
  return LANGUAGES.includes(base) ? base : 'en';
}
