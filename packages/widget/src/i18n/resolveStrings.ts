import { baseLanguage, type Survey } from '@hark/core';
import { LOCALES } from './locales';
import type { WidgetStrings } from './strings';

/** Languages written right to left. */
const RTL = ['ar', 'he', 'fa', 'ur'];

/** The words and reading direction one prompt uses. */
export interface ResolvedStrings {
  readonly strings: WidgetStrings;
  /** The base language, for the dialog's `lang`. */
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
}

/** `'ar-EG'` → `'rtl'`. Hebrew, Persian and Urdu too, even without built-in strings. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  const base = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return RTL.includes(base) ? 'rtl' : 'ltr';
}

/**
 * Strings for a prompt, most specific last: built-in for the locale, the
 * app-wide `strings` option, then the survey's own `strings`, `labels` and
 * `thankYou`.
 */
export function resolveStrings(locale: string, survey: Survey, appStrings: Partial<WidgetStrings> = {}): ResolvedStrings {
  const lang = baseLanguage(locale, Object.keys(LOCALES));
  const builtIn = LOCALES[lang] ?? LOCALES.en!;
  const { choices, ...words } = survey.strings ?? {};
  const base = { ...builtIn, ...appStrings };
  const kindLabels = { ...base.labels[survey.kind], ...survey.labels };
  const strings: WidgetStrings = {
    ...base,
    ...words,
    ...(survey.thankYou ? { thankYou: survey.thankYou } : {}),
    labels: { ...base.labels, [survey.kind]: kindLabels },
    choices: choices ?? base.choices,
  };
  return { strings, lang, dir: directionOf(locale) };
}
