import { HarkError } from '@hark/core';
import { preloadTag, scriptTag } from './scriptTag.js';
import { LOCALE_GLOBAL, localeFile, UI_FILE, UI_GLOBAL, type LoadUi, type LocaleWindow, type UiModule, type UiWindow } from './uiModule.js';

// A copy loaded under another name (hark.min.js?v=2, a renamed self-hosted file) still has this shape.
const CORE_BUNDLE = /\/hark(\.min)?\.js([?#]|$)/;

/**
 * Where the UI chunk lives: next to the script that loaded the core bundle.
 * `currentScript` is null when the bundle was evaluated some other way (a
 * module, a tag manager's eval); then the page's own `<script src>` for
 * `hark.min.js` is the best guess left. `null` when neither is found.
 */
export function uiUrlNextTo(script: Element | null, doc: Document): string | null {
  const own = (script as HTMLScriptElement | null)?.src;
  const src = own || [...doc.querySelectorAll<HTMLScriptElement>('script[src]')].find((tag) => CORE_BUNDLE.test(tag.src))?.src;
  if (!src) return null;
  try {
    return new URL(UI_FILE, src).href;
  } catch {
    return null;
  }
}

/**
 * The script-tag build's `LoadUi`: injects `<script src=".../hark-ui.min.js">`
 * once (see `scriptTag`) and resolves with what the chunk registered. A
 * failed load removes its tag and forgets the attempt, so the next call tries
 * again; a chunk already on the page is used as is. A language other than
 * English is preloaded with it (see `UiLoadOptions.lang`).
 */
export function scriptUiLoader(win: Window, script: Element | null): LoadUi {
  let pending: Promise<UiModule> | null = null;
  const preloaded = new Set<string>();
  const fail = (message: string, cause?: unknown) => new HarkError('ui_unavailable', message, { field: 'uiUrl', cause });

  return (options) => {
    const registered = (win as UiWindow)[UI_GLOBAL];
    if (registered) return Promise.resolve(registered);
    if (pending) return pending;
    const doc = win.document;
    const attempt = new Promise<UiModule>((resolve, reject) => {
      const src = options.url ?? uiUrlNextTo(script, doc);
      if (!src) {
        reject(fail(`cannot tell where ${UI_FILE} is served (the core bundle's <script> was not found); set uiUrl in init()`));
        return;
      }
      const tag = scriptTag(doc, src, script, options.nonce);
      tag.onload = () => {
        const loaded = (win as UiWindow)[UI_GLOBAL];
        if (loaded) resolve(loaded);
        else reject(fail(`${src} loaded but did not register the Hark UI; is it the hark-ui.min.js of the same release?`));
      };
      tag.onerror = (event) => {
        tag.remove();
        reject(fail(`could not load ${src}; the prompt will be retried at the next one`, event));
      };
      const parent = doc.head || doc.documentElement;
      parent.appendChild(tag);
      // The UI chunk asks for its language's file once it runs; fetching it now saves that round trip.
      // Best effort: a preload that cannot be made (an odd uiUrl) must not fail the UI.
      const { lang } = options;
      if (lang && lang !== 'en' && !preloaded.has(lang) && !(win as LocaleWindow)[LOCALE_GLOBAL]?.[lang]) {
        try {
          parent.appendChild(preloadTag(doc, new URL(localeFile(lang), tag.src).href, script, options.nonce));
          preloaded.add(lang);
        } catch {
          // The UI chunk fetches the file itself, as without a preload.
        }
      }
    });
    pending = attempt;
    attempt.catch(() => {
      if (pending === attempt) pending = null;
    });
    return attempt;
  };
}
