import { HarkError } from '@hark/core';
import type { LoadLocale, WidgetStrings } from '@hark/widget';
import { scriptTag } from './scriptTag.js';
import { LOCALE_GLOBAL, localeFile, type LocaleWindow } from './uiModule.js';

/**
 * The UI chunk's `LoadLocale`: injects `hark-locale-<lang>.min.js` from the
 * folder `uiScript` (the UI chunk's own tag) was served from, with its nonce
 * and crossorigin, and resolves with the strings the file registered. A file
 * already on the page is used as is. Each language is fetched at most once per
 * page; a failure is final too, as the widget then shows its prompts in English.
 */
export function scriptLocaleLoader(win: Window, uiScript: Element | null): LoadLocale {
  const attempts: Record<string, Promise<WidgetStrings>> = {};

  return (lang) =>
    (attempts[lang] ??= new Promise((resolve, reject) => {
      const registered = () => (win as LocaleWindow)[LOCALE_GLOBAL]?.[lang];
      const base = (uiScript as HTMLScriptElement | null)?.src;
      const src = base ? new URL(localeFile(lang), base).href : localeFile(lang);
      const settle = (cause?: unknown) => {
        const strings = registered();
        if (strings) resolve(strings);
        else reject(new HarkError('ui_unavailable', `could not load ${src}; the prompt is shown in English`, { field: 'uiUrl', cause }));
      };
      if (registered()) return settle();
      if (!base) return settle('hark-ui.min.js did not run from a <script src>, so its folder is unknown');
      const doc = win.document;
      const tag = scriptTag(doc, src, uiScript);
      tag.onload = () => settle(`it registered no "${lang}" strings; is it from the same release as hark-ui.min.js?`);
      tag.onerror = (event) => {
        tag.remove();
        settle(event);
      };
      (doc.head || doc.documentElement).appendChild(tag);
    }));
}
