import { HarkError } from '@hark/core';
import { preloadTag, scriptTag, usesSri, type Injection } from './scriptTag.js';
import { TRUSTED_TYPES_POLICY } from './setScriptSrc.js';
import { SRI_HASHES } from './sriHashes.js';
import { LOCALE_GLOBAL, localeFile, UI_FILE, UI_GLOBAL, type LoadUi, type LocaleWindow, type ScriptFor, type UiModule, type UiWindow } from './uiModule.js';

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
 * once (see `scriptTag`: nonce, crossorigin, Trusted Types, and the chunk's
 * integrity when the page uses SRI) and resolves with what the chunk
 * registered, its mount given `ScriptFor` to inject language files the same
 * way. A failed load removes its tag and forgets the attempt, so the next call
 * tries again; a chunk already on the page is used as is. A language other
 * than English is preloaded with it (see `UiLoadOptions.lang`), except under
 * SRI: this file does not carry the languages' hashes (the UI chunk does), and
 * a preload without the script's integrity would be fetched twice.
 */
export function scriptUiLoader(win: Window, script: Element | null): LoadUi {
  let pending: Promise<UiModule> | null = null;
  let injection: Injection | null = null;
  const preloaded = new Set<string>();
  const fail = (message: string, cause?: unknown) => new HarkError('ui_unavailable', message, { field: 'uiUrl', cause });
  // The UI chunk's language files are injected as the chunk was: this file holds the one Trusted Types policy.
  const scriptFor: ScriptFor = (file, integrity) => {
    const how = injection!;
    return scriptTag(win.document, new URL(file, new URL(how.uiUrl, win.document.baseURI)).href, integrity, how);
  };
  const withLanguages = (ui: UiModule): UiModule => ({ mountSurfaces: (client, options) => ui.mountSurfaces(client, options, injection ? scriptFor : undefined) });

  return (options) => {
    const doc = win.document;
    const src = options.url ?? uiUrlNextTo(script, doc);
    injection = src ? { like: script, nonce: options.nonce, uiUrl: src, policy: options.trustedTypesPolicy ?? TRUSTED_TYPES_POLICY } : null;
    const registered = (win as UiWindow)[UI_GLOBAL];
    if (registered) return Promise.resolve(withLanguages(registered));
    if (pending) return pending;
    const attempt = new Promise<UiModule>((resolve, reject) => {
      if (!injection) {
        reject(fail(`cannot tell where ${UI_FILE} is served (the core bundle's <script> was not found); set uiUrl in init()`));
        return;
      }
      const how = injection;
      const tag = scriptTag(doc, how.uiUrl, SRI_HASHES.get(UI_FILE), how);
      tag.onload = () => {
        const loaded = (win as UiWindow)[UI_GLOBAL];
        if (loaded) resolve(withLanguages(loaded));
        else reject(fail(`${how.uiUrl} loaded but did not register the Hark UI; is it the hark-ui.min.js of the same release?`));
      };
      tag.onerror = (event) => {
        tag.remove();
        const integrity = tag.integrity ? `, or it failed its integrity check (${tag.integrity}: is it the hark-ui.min.js of the same release?)` : '';
        reject(fail(`could not load ${how.uiUrl}${integrity}; the prompt will be retried at the next one`, event));
      };
      const parent = doc.head || doc.documentElement;
      parent.appendChild(tag);
      // The UI chunk asks for its language's file once it runs; fetching it now saves that round trip.
      // Best effort: a preload that cannot be made (an odd uiUrl) must not fail the UI.
      const { lang } = options;
      if (lang && lang !== 'en' && !usesSri(how) && !preloaded.has(lang) && !(win as LocaleWindow)[LOCALE_GLOBAL]?.[lang]) {
        try {
          parent.appendChild(preloadTag(doc, new URL(localeFile(lang), tag.src).href, how));
          preloaded.add(lang);
        } catch {
          // The language file is fetched when the widget asks for it, as without a preload.
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
