import type { Language } from '@hark/core';
import type { WidgetStrings } from './strings.js';

/**
 * Fetches the built-in strings of one of core's `LANGUAGES` other than
 * English. A rejection makes the widget show the prompt in English and report
 * it through `onError`.
 */
export type LoadLocale = (lang: string) => Promise<WidgetStrings>;

// One dynamic import per language, so an app's bundler emits each as a small chunk of its own.
const IMPORTS: Readonly<Record<Exclude<Language, 'en'>, () => Promise<WidgetStrings>>> = {
  de: () => import('./locales/de.js').then((m) => m.de),
  fr: () => import('./locales/fr.js').then((m) => m.fr),
  es: () => import('./locales/es.js').then((m) => m.es),
  nl: () => import('./locales/nl.js').then((m) => m.nl),
  pt: () => import('./locales/pt.js').then((m) => m.pt),
  ja: () => import('./locales/ja.js').then((m) => m.ja),
  ar: () => import('./locales/ar.js').then((m) => m.ar),
  he: () => import('./locales/he.js').then((m) => m.he),
};

/**
 * The ESM entry's `LoadLocale`: a dynamic `import()` of the language's module.
 * The script tag's UI chunk passes its own, which fetches `hark-locale-<lang>.min.js`.
 */
export const importLocale: LoadLocale = (lang) =>
  (IMPORTS as Readonly<Record<string, () => Promise<WidgetStrings>>>)[lang]?.() ?? Promise.reject(new Error(`[hark] no built-in strings for "${lang}"; the built-in languages are en, ${Object.keys(IMPORTS).join(', ')}`));
