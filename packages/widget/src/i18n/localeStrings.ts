import { HarkError } from '@hark/core';
import type { LoadLocale } from './importLocale';
import { EN, type WidgetStrings } from './strings';

/**
 * Wraps a `LoadLocale` for one set of widget surfaces: each language is
 * fetched once, English needs no fetch, and a language that fails to load is
 * reported once and answered with English, so a prompt is never held back by
 * a missing file. The returned promises never reject.
 */
export function localeStrings(load: LoadLocale, onError: (error: HarkError) => void): (lang: string) => Promise<WidgetStrings> {
  const loaded = new Map<string, Promise<WidgetStrings>>([['en', Promise.resolve(EN)]]);
  return (lang) => {
    let strings = loaded.get(lang);
    if (!strings) {
      strings = Promise.resolve()
        .then(() => load(lang))
        .catch((error: unknown) => {
          onError(
            error instanceof HarkError
              ? error
              : new HarkError('ui_unavailable', `the "${lang}" strings could not be loaded, so the prompt is shown in English`, { field: 'locale', cause: error }),
          );
          return EN;
        });
      loaded.set(lang, strings);
    }
    return strings;
  };
}
