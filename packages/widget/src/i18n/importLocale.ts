import type { WidgetStrings } from './strings.js';

/**
 * Fetches the built-in strings of one language from `LANGUAGES` other than
 * English. A rejection makes the widget show the prompt in English and report
 * it through `onError`.
 */
export type LoadLocale = (lang: string) => Promise<WidgetStrings>;

// One dynamic import per language, so an app's bundler emits each as a small chunk of its own.
const IMPORTS: Readonly<Record<string, () => Promise<WidgetStrings>>> = {
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
 * The default `LoadLocale`: a dynamic `import()` of the language's module.
 * The script-tag build replaces this module (rollup.config.mjs): there,
 * hark.min.js passes a loader that fetches `hark-locale-<lang>.min.js`.
 */
export const importLocale: LoadLocale = (lang) =>
  IMPORTS[lang]?.() ?? Promise.reject(new Error(`[hark] no built-in strings for "${lang}"; the built-in languages are en, ${Object.keys(IMPORTS).join(', ')}`));
