import { HarkError } from '@hark/core';
import type { LoadLocale, UiModule, WidgetStrings } from '@hark/widget';
import { preloadTag, scriptTag, TRUSTED_TYPES_POLICY, usesSri, type Injection } from './scriptTag.js';
import { SRI_HASHES } from './sriHashes.js';
import { LOCALE_GLOBAL, localeFile, UI_FILE, UI_GLOBAL, type HarkWindow, type ScriptFor, type ScriptUiLoader, type UiChunk } from './uiModule.js';

// A copy loaded under another name (hark.min.js?v=2, a renamed self-hosted file) still has this shape.
const CORE_BUNDLE = /\/hark(\.debug)?(\.min)?\.js([?#]|$)/;

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
 * Appends `tag` and resolves with what its file registered (`found()`). A
 * file that failed to load (or its integrity check: `integrity` is the tag's)
 * takes its tag away and rejects with `failed`; one that ran but registered nothing, with `silent()`.
 */
function inject<T>(tag: HTMLScriptElement, found: () => T | undefined, failed: (integrity: string, cause: unknown) => HarkError, silent: () => HarkError): Promise<T> {
  return new Promise((resolve, reject) => {
    tag.onload = () => (found() ? resolve(found()!) : reject(silent()));
    tag.onerror = (event) => {
      tag.remove();
      reject(failed(tag.integrity, event));
    };
    const doc = tag.ownerDocument;
    (doc.head || doc.documentElement).appendChild(tag);
  });
}

/**
 * The script tag's UI loader: injects `<script src=".../hark-ui.min.js">` once
 * (nonce, crossorigin, Trusted Types, and the chunk's integrity when the page
 * uses SRI; see `scriptTag`) and resolves with what the chunk registered, its
 * surfaces given `ScriptFor` to inject language files the same way. A failed
 * load forgets the attempt, so the next call tries again; a chunk already on
 * the page is used as is. A language other than English is preloaded with it,
 * except under SRI: this file does not carry the languages' hashes (the UI
 * chunk does), and a preload without the script's integrity would be fetched twice.
 */
export function scriptUiLoader(win: HarkWindow, script: Element | null): ScriptUiLoader {
  let pending: Promise<UiModule> | null = null;
  let how: Injection | null = null;
  const preloaded = new Set<string>();
  // The UI chunk's language files are injected as the chunk was: this file holds the one Trusted Types policy.
  const scriptFor: ScriptFor = (file, integrity) => scriptTag(win.document, new URL(file, new URL(how!.uiUrl, win.document.baseURI)).href, integrity, how!);
  const fail = (message: string, cause?: unknown) => new HarkError('ui_unavailable', message, { field: 'uiUrl', cause });

  return ({ url, nonce, lang, trustedTypesPolicy }) => {
    const doc = win.document;
    const src = url ?? uiUrlNextTo(script, doc);
    how = src ? { like: script, nonce, uiUrl: src, policy: trustedTypesPolicy ?? TRUSTED_TYPES_POLICY } : null;
    if (win[UI_GLOBAL]) return Promise.resolve(withLanguages(win[UI_GLOBAL]));
    if (pending) return pending;
    const attempt = new Promise<UiModule>((resolve, reject) => {
      if (!how) throw fail(`cannot tell where ${UI_FILE} is served (the core bundle's <script> was not found); set uiUrl in init()`);
      const { uiUrl } = how;
      const tag = scriptTag(doc, uiUrl, SRI_HASHES.get(UI_FILE), how);
      inject(tag, () => win[UI_GLOBAL] && withLanguages(win[UI_GLOBAL]), (integrity, cause) =>
        fail(`could not load ${uiUrl}${integrity && `, or it failed its integrity check (${integrity}: is it the hark-ui.min.js of the same release?)`}; the prompt will be retried at the next one`, cause), () =>
        fail(`${uiUrl} loaded but did not register the Hark UI; is it the hark-ui.min.js of the same release?`),
      ).then(resolve, reject);
      // The UI chunk asks for its language's file once it runs; fetching it now saves that round trip.
      if (lang && lang !== 'en' && !usesSri(how) && !preloaded.has(lang) && !win[LOCALE_GLOBAL]?.[lang]) {
        try {
          (doc.head || doc.documentElement).appendChild(preloadTag(doc, new URL(localeFile(lang), tag.src).href, how));
          preloaded.add(lang);
        } catch {
          // Best effort: a preload that cannot be made (an odd uiUrl) must not fail the UI.
        }
      }
    });
    pending = attempt;
    attempt.catch(() => {
      if (pending === attempt) pending = null;
    });
    return attempt;
  };

  function withLanguages(ui: UiChunk): UiModule {
    return { mountSurfaces: (client, options) => ui.mountSurfaces(client, options, how ? scriptFor : undefined) };
  }
}

/**
 * The UI chunk's `LoadLocale`: injects `hark-locale-<lang>.min.js` with a tag
 * from `scriptFor` (hark.min.js's, with this file's integrity from the build)
 * and resolves with the strings it registered. A file already on the page is
 * used as is. Each language is fetched at most once; a failure is final, as
 * the widget then shows its prompts in English.
 */
export function scriptLocaleLoader(win: HarkWindow, scriptFor: ScriptFor | undefined): LoadLocale {
  const attempts = new Map<string, Promise<WidgetStrings>>();
  const found = (lang: string) => () => win[LOCALE_GLOBAL]?.[lang];
  return (lang) => {
    const known = attempts.get(lang);
    if (known) return known;
    const attempt = new Promise<WidgetStrings>((resolve) => {
      const file = localeFile(lang);
      const fail = (src: string, integrity: string, cause: unknown) =>
        new HarkError('ui_unavailable', `could not load ${src}${integrity && `, or it failed its integrity check (${integrity})`}; the prompt is shown in English`, { field: 'uiUrl', cause });
      if (found(lang)()) return resolve(found(lang)()!);
      if (!scriptFor) throw fail(file, '', 'hark-ui.min.js was not loaded by hark.min.js, so its folder is unknown');
      const tag = scriptFor(file, SRI_HASHES.get(file));
      resolve(inject(tag, found(lang), (integrity, cause) => fail(tag.src, integrity, cause), () => fail(tag.src, '', `it registered no "${lang}" strings; is it from the same release as hark-ui.min.js?`)));
    });
    attempts.set(lang, attempt);
    return attempt;
  };
}
