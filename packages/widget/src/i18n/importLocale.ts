import type { WidgetStrings } from './strings';

/**
 * Fetches the built-in strings of one language from `LANGUAGES` other than
 * English. A rejection makes the widget show the prompt in English and report
 * it through `onError`.
 */
export type LoadLocale = (lang: string) => Promise<WidgetStrings>;

// One dynamic import per language, so an app's bundler emits each as a small chunk of its own.
const IMPORTS: Readonly<Record<string, () => Promise<WidgetStrings>>> = {
  de: () => import('./locales/de').then((m) => m.de),
  fr: () => import('./locales/fr').then((m) => m.fr),
  es: () => import('./locales/es').then((m) => m.es),
  nl: () => import('./locales/nl').then((m) => m.nl),
  pt: () => import('./locales/pt').then((m) => m.pt),
  ja: () => import('./locales/ja').then((m) => m.ja),
  ar: () => import('./locales/ar').then((m) => m.ar),
  he: () => import('./locales/he').then((m) => m.he),
};

/**
 * The default `LoadLocale`: a dynamic `import()` of the language's module.
 * The script-tag build replaces this module (rollup.config.mjs): there,
 * hark.min.js passes a loader that fetches `hark-locale-<lang>.min.js`.
 */
export const importLocale: LoadLocale = (lang) =>
  IMPORTS[lang]?.() ?? Promise.reject(new Error(`[hark] no built-in strings for "${lang}"; the built-in languages are en, ${Object.keys(IMPORTS).join(', ')}`));
