/**
 * Languages with built-in strings, the same ones core has default questions
 * for. English is bundled with the widget; every other one is a small module
 * fetched only when a client's locale asks for it (see `LoadLocale`).
 */
export const LANGUAGES: readonly string[] = ['en', 'de', 'fr', 'es', 'nl', 'pt', 'ja', 'ar', 'he'];

/** Languages written right to left. */
const RTL = ['ar', 'he', 'fa', 'ur'];

const baseOf = (locale: string) => locale.toLowerCase().split(/[-_]/)[0] ?? '';

/** The built-in language a BCP 47 tag uses: `'de-AT'` → `'de'`; `'en'` for a language without built-in strings. */
export function languageOf(locale: string): string {
  const base = baseOf(locale);
  return LANGUAGES.includes(base) ? base : 'en';
}

/** `'ar-EG'` → `'rtl'`. Hebrew, Persian and Urdu too, even without built-in strings. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return RTL.includes(baseOf(locale)) ? 'rtl' : 'ltr';
}
