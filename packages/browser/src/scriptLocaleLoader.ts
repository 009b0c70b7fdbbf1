import { HarkError } from '@hark/core';
import type { LoadLocale, WidgetStrings } from '@hark/widget';
import { scriptTag } from './scriptTag';
import { LOCALE_GLOBAL, localeFile, type LocaleWindow } from './uiModule';

/**
 * The UI chunk's `LoadLocale`: injects `hark-locale-<lang>.min.js` from the
 * folder `uiScript` (the UI chunk's own tag) was served from, with its nonce
 * and crossorigin, and resolves with the strings the file registered. A file
 * already on the page is used as is. Each language is fetched at most once per
 * page; a failure is final too, as the widget then shows its prompts in English.
 */
export function scriptLocaleLoader(win: Window, uiScript: Element | null): LoadLocale {
  const attempts: Record<string, Promise<WidgetStrings>> = {};
  const registered = (lang: string) => (win as LocaleWindow)[LOCALE_GLOBAL]?.[lang];

  return (lang) =>
    (attempts[lang] ??= new Promise((resolve, reject) => {
      const ready = registered(lang);
      if (ready) return resolve(ready);
      const file = localeFile(lang);
      const fail = (message: string, cause?: unknown) =>
        reject(new HarkError('ui_unavailable', `${message}; the prompt is shown in English`, { field: 'uiUrl', cause }));
      const base = (uiScript as HTMLScriptElement | null)?.src;
      if (!base) return fail(`cannot tell where ${file} is served (hark-ui.min.js did not run from a <script src>)`);
      const doc = win.document;
      const tag = scriptTag(doc, new URL(file, base).href, uiScript);
      tag.onload = () => {
        const strings = registered(lang);
        if (strings) resolve(strings);
        else fail(`${tag.src} registered no "${lang}" strings (is it from the same release as hark-ui.min.js?)`);
      };
      tag.onerror = (event) => {
        tag.remove();
        fail(`could not load ${tag.src}`, event);
      };
      (doc.head || doc.documentElement).appendChild(tag);
    }));
}
