import { HarkError } from '@hark/core';
import type { LoadLocale, WidgetStrings } from '@hark/widget';
import { SRI_HASHES } from './sriHashes.js';
import { LOCALE_GLOBAL, localeFile, type LocaleWindow, type ScriptFor } from './uiModule.js';

/**
 * The UI chunk's `LoadLocale`: injects `hark-locale-<lang>.min.js` with a tag
 * from `scriptFor` (hark.min.js's: next to the UI chunk, with its nonce,
 * crossorigin and Trusted Types policy, and this file's integrity from the
 * build when the page uses SRI), and resolves with the strings the file
 * registered. A file already on the page is used as is. Each language is
 * fetched at most once per mount; a failure is final, as the widget then shows
 * its prompts in English.
 */
export function scriptLocaleLoader(win: Window, scriptFor: ScriptFor | undefined): LoadLocale {
  const attempts = new Map<string, Promise<WidgetStrings>>();

  return (lang) => {
    const known = attempts.get(lang);
    if (known) return known;
    const attempt = new Promise<WidgetStrings>((resolve, reject) => {
      const registered = () => (win as LocaleWindow)[LOCALE_GLOBAL]?.[lang];
      const file = localeFile(lang);
      let src = file;
      const settle = (cause?: unknown, why = '') => {
        const strings = registered();
        if (strings) resolve(strings);
        else reject(new HarkError('ui_unavailable', `could not load ${src}${why}; the prompt is shown in English`, { field: 'uiUrl', cause }));
      };
      if (registered()) return settle();
      if (!scriptFor) return settle('hark-ui.min.js was not loaded by hark.min.js, so its folder is unknown');
      const tag = scriptFor(file, SRI_HASHES.get(file));
      src = tag.src;
      tag.onload = () => settle(`it registered no "${lang}" strings; is it from the same release as hark-ui.min.js?`);
      tag.onerror = (event) => {
        tag.remove();
        settle(event, tag.integrity && `, or it failed its integrity check (${tag.integrity})`);
      };
      (win.document.head || win.document.documentElement).appendChild(tag);
    });
    attempts.set(lang, attempt);
    return attempt;
  };
}
