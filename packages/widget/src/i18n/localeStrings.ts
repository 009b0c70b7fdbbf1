import { HarkError } from '@hark/core';
import type { LoadLocale } from './importLocale.js';
import { EN, type WidgetStrings } from './strings.js';

/** How long a prompt waits for its language's file before it shows in English. */
export const LOCALE_WAIT_MS = 3000;

/**
 * Wraps a `LoadLocale` for one set of widget surfaces: each language is
 * fetched once, English needs no fetch, and a language that fails to load, or
 * takes longer than `LOCALE_WAIT_MS`, is reported once and answered with
 * English, so a prompt is never held back for long by a missing or slow file
 * (a file that arrives after that is not used by this mount). The returned
 * promises never reject, even when `onError` throws.
 */
export function localeStrings(load: LoadLocale, onError: (error: HarkError) => void): (lang: string) => Promise<WidgetStrings> {
  const loaded = new Map<string, Promise<WidgetStrings>>([['en', Promise.resolve(EN)]]);
  const english = (error: HarkError) => {
    try {
      onError(error);
    } catch {
      // The host's handler failing must not keep the prompt from showing.
    }
    return EN;
  };
  return (lang) => {
    let strings = loaded.get(lang);
    if (!strings) {
      const arriving = Promise.resolve().then(() => load(lang));
      strings = new Promise<WidgetStrings>((resolve) => {
        // The first of arrival, failure and the deadline wins; the others are ignored, so one report at most.
        let done = false;
        const settle = (words: () => WidgetStrings) => {
          if (done) return;
          done = true;
          clearTimeout(slow);
          resolve(words());
        };
        const slow = setTimeout(() => {
          const seconds = LOCALE_WAIT_MS / 1000;
          settle(() => english(new HarkError('ui_unavailable', `the "${lang}" strings took longer than ${seconds} s to load, so the prompt is shown in English`, { field: 'locale' })));
        }, LOCALE_WAIT_MS);
        arriving.then(
          (words) => settle(() => words),
          (error: unknown) =>
            settle(() =>
              english(
                error instanceof HarkError
                  ? error
                  : new HarkError('ui_unavailable', `the "${lang}" strings could not be loaded, so the prompt is shown in English`, { field: 'locale', cause: error }),
              ),
            ),
        );
      });
      loaded.set(lang, strings);
    }
    return strings;
  };
}
