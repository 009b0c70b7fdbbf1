import { HarkError } from '@hark/core';
import type { LoadLocale } from '../i18n/importLocale.js';
import { LOCALE_WAIT_MS } from '../i18n/localeStrings.js';
import type { WidgetStrings } from '../i18n/strings.js';
import { preloadTag, scriptTag, TRUSTED_TYPES_POLICY, usesSri, type Injection } from './scriptTag.js';
import type { DeliveryCode, Language, Questions } from '@hark/core';
import {
  DELIVERY_FILE,
  DELIVERY_GLOBAL,
  LOCALE_GLOBAL,
  localeFile,
  QUESTIONS_GLOBAL,
  UI_FILE,
  UI_GLOBAL,
  UI_SRI_FILE,
  type HarkWindow,
  type ScriptDeliveryLoader,
  type ScriptFor,
  type ScriptUi,
  type ScriptUiLoader,
  type UiChunk,
} from './uiChunk.js';

// A copy loaded under another name (hark.min.js?v=2, a renamed self-hosted file) still has this shape.
const CORE_BUNDLE = /\/hark(\.debug)?(\.min)?\.js([?#]|$)/;

/**
 * Where the UI chunk lives: next to the script that loaded the core bundle.
 * `currentScript` is null when the bundle was evaluated some other way (a
 * module, a tag manager's eval); then the page's own `<script src>` for
 * `hark.min.js` is the best guess left. `null` when neither is found.
 */
export function uiUrlNextTo(script: Element | null, doc: Document, file: string = UI_FILE): string | null {
  const own = (script as HTMLScriptElement | null)?.src;
  const src = own || [...doc.querySelectorAll<HTMLScriptElement>('script[src]')].find((tag) => CORE_BUNDLE.test(tag.src))?.src;
  return src ? beside(src, file, doc.baseURI) : null;
}

/** `file` in the folder of `url`; null when `url` is no URL. */
function beside(url: string, file: string, base: string): string | null {
  try {
    return new URL(file, new URL(url, base)).href;
  } catch {
    return null;
  }
}

/**
 * The UI chunk a page that pins hark.min.js loads, from `uiUrl`: the one with
 * the language files' hashes beside a `hark-ui.min.js` it names (its query
 * kept), any other file as named (a renamed copy of that chunk); null when
 * `uiUrl` is no URL.
 */
function pinnedChunk(uiUrl: string, base: string): string | null {
  try {
    const at = new URL(uiUrl, base);
    if (at.pathname.endsWith(`/${UI_FILE}`)) at.pathname = at.pathname.slice(0, -UI_FILE.length) + UI_SRI_FILE;
    return at.href;
  } catch {
    return null;
  }
}

const append = (tag: Element) => (tag.ownerDocument.head || tag.ownerDocument.documentElement).appendChild(tag);

/**
 * How long the delivery file may take before its load counts as failed. A
 * request that hangs would otherwise hold, for as long as the browser lets it,
 * a score chosen before the file came (Close waits for that score), where a
 * failure lets the person try again, and the next need fetch it again. Ten
 * times what the file takes on a slow mobile link.
 */
export const DELIVERY_WAIT_MS = 20_000;

/** `loaded`, or `late()`'s error once `ms` have passed without it settling. */
function within<T>(loaded: Promise<T>, ms: number, late: () => HarkError): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(late()), ms)));
  return Promise.race([loaded, expired]).finally(() => clearTimeout(timer));
}

/**
 * Appends `tag` and resolves with what its file registered (`found()`). A file
 * that failed to load (or its integrity check) takes its tag away and rejects
 * with `failed(integrity, event)`; one that ran but registered nothing, with `silent`.
 */
function inject<T>(tag: HTMLScriptElement, found: () => T | undefined, failed: (integrity: string, cause: unknown) => HarkError, silent: HarkError): Promise<T> {
  return new Promise((resolve, reject) => {
    tag.onload = () => (found() ? resolve(found()!) : reject(silent));
    tag.onerror = (event) => {
      tag.remove();
      reject(failed(tag.integrity, event));
    };
    append(tag);
  });
}

/**
 * The script tag's UI loader: injects `hark-ui.min.js` once (see `scriptTag`;
 * under SRI `hark-ui.sri.min.js`, from the same folder, whose `integrity` is in
 * `sri`) and resolves with what the chunk registered, its surfaces given
 * `ScriptFor` to inject language files the same way. A failed load is
 * forgotten, so the next call tries again; a chunk already on the page is used
 * as is. Another language than English is preloaded with it, except under SRI:
 * `sri` (the build's hashes, by file name; used when the page loaded
 * hark.min.js with an `integrity`) has the UI chunk's only, and a preload
 * without its hash is fetched twice.
 */
export function scriptUiLoader(win: HarkWindow, script: Element | null, sri?: ReadonlyMap<string, string>): ScriptUiLoader {
  let pending: Promise<ScriptUi> | null = null;
  let how: Injection | null = null;
  const preloaded = new Set<string>();
  // The language files are injected as the chunk was: this file holds the one Trusted Types policy.
  const scriptFor: ScriptFor = (file, integrity) => scriptTag(win.document, new URL(file, new URL(how!.uiUrl, win.document.baseURI)).href, integrity, how!);
  const withLanguages = (ui: UiChunk): ScriptUi => ({
    mountSurfaces: (client, options) => ui.mountSurfaces(client, options, how ? scriptFor : undefined),
    questions: (lang, client) => ui.questions(lang, client, how ? scriptFor : undefined),
  });

  return ({ url, nonce, lang, trustedTypesPolicy }) => {
    const doc = win.document;
    // Under SRI, the chunk that carries the language files' hashes.
    const file = usesSri(script) ? UI_SRI_FILE : UI_FILE;
    const src = !url ? uiUrlNextTo(script, doc, file) : file === UI_FILE ? url : pinnedChunk(url, doc.baseURI);
    how = src ? { like: script, nonce, uiUrl: src, policy: trustedTypesPolicy ?? TRUSTED_TYPES_POLICY } : null;
    if (win[UI_GLOBAL]) return Promise.resolve(withLanguages(win[UI_GLOBAL]));
    if (pending) return pending;
    const attempt = new Promise<ScriptUi>((resolve) => {
      if (!how && url) throw new HarkError('ui_unavailable', `uiUrl is not a URL: ${url}`, { field: 'uiUrl', details: { url } });
      if (!how) throw new HarkError('ui_unavailable', `cannot tell where ${file} is served (the core bundle's <script> was not found); set uiUrl in init()`, { field: 'uiUrl' });
      const { uiUrl } = how;
      const tag = scriptTag(doc, uiUrl, sri?.get(file), how);
      const failed = (integrity: string, cause: unknown) =>
        new HarkError('ui_unavailable', `could not load ${uiUrl}${integrity && `, or it failed its integrity check (${integrity}: is it the ${file} of the same release?)`}; the prompt will be retried at the next one`, { field: 'uiUrl', cause, details: { url: uiUrl, integrity } });
      const silent = new HarkError('ui_unavailable', `${uiUrl} loaded but did not register the Hark UI; is it the ${file} of the same release?`, { field: 'uiUrl', details: { url: uiUrl } });
      resolve(inject(tag, () => win[UI_GLOBAL] && withLanguages(win[UI_GLOBAL]), failed, silent));
      // The UI chunk asks for its language's file once it runs; fetching it now saves that round trip.
      if (lang && lang !== 'en' && !usesSri(script) && !preloaded.has(lang) && !win[LOCALE_GLOBAL]?.[lang]) {
        try {
          append(preloadTag(doc, new URL(localeFile(lang), tag.src).href, how));
          preloaded.add(lang);
        } catch {
          // Best effort: a preload that cannot be made (an odd uiUrl) must not fail the UI.
        }
      }
    });
    pending = attempt;
    attempt.catch(() => pending === attempt && (pending = null));
    return attempt;
  };
}

/**
 * The script tag's loader of the client's delivery code: injects `file`
 * (`hark-delivery.min.js`; the debug build's `hark-delivery.debug.min.js`)
 * from where the UI chunk is served (`url` is the UI chunk's, as `init` was
 * given it), as the UI chunk is injected, and resolves with what it
 * registered. Most of it runs only when a record is written or sent, so it is
 * a file of its own, fetched after the UI's first frame or when the client
 * first needs it, and compiled lazily. A failed load is forgotten, so the
 * next need tries again.
 */
export function scriptDeliveryLoader(win: HarkWindow, script: Element | null, sri?: ReadonlyMap<string, string>, file: string = DELIVERY_FILE): ScriptDeliveryLoader {
  let pending: Promise<DeliveryCode> | null = null;
  return ({ url, nonce, trustedTypesPolicy, late: cameLate }) => {
    if (win[DELIVERY_GLOBAL]) return Promise.resolve(win[DELIVERY_GLOBAL]);
    if (pending) return pending;
    const attempt = new Promise<DeliveryCode>((resolve) => {
      const doc = win.document;
      const src = url ? new URL(file, new URL(url, doc.baseURI)).href : uiUrlNextTo(script, doc, file);
      if (!src) throw new HarkError('ui_unavailable', `cannot tell where ${file} is served (the core bundle's <script> was not found); set uiUrl in init()`, { field: 'uiUrl' });
      const tag = scriptTag(doc, src, sri?.get(file), { like: script, nonce, uiUrl: src, policy: trustedTypesPolicy ?? TRUSTED_TYPES_POLICY });
      const failed = (integrity: string, cause: unknown) =>
        new HarkError('ui_unavailable', `could not load ${src}${integrity && `, or it failed its integrity check (${integrity}: is it the ${file} of the same release?)`}; answers stay stored until it loads`, { field: 'uiUrl', cause, details: { url: src, integrity } });
      const silent = new HarkError('ui_unavailable', `${src} loaded but did not register Hark's delivery code; is it the ${file} of the same release?`, { field: 'uiUrl', details: { url: src } });
      // A tag given up on stays: if its file comes after all, `late` says so (the records that waited for it are
      // written then, not at some later need), and the next need finds its code registered.
      let gaveUp = false;
      const tooSlow = () => {
        gaveUp = true;
        return new HarkError('ui_unavailable', `${src} took longer than ${DELIVERY_WAIT_MS / 1000} s to load; answers stay stored until it loads`, { field: 'uiUrl', details: { url: src } });
      };
      const loaded = inject(tag, () => win[DELIVERY_GLOBAL], failed, silent);
      loaded.then(() => gaveUp && cameLate?.(), () => undefined);
      resolve(within(loaded, DELIVERY_WAIT_MS, tooSlow));
    });
    pending = attempt;
    attempt.catch(() => pending === attempt && (pending = null));
    return attempt;
  };
}

/**
 * The UI chunk's `LoadLocale`: injects `hark-locale-<lang>.min.js` with a tag
 * from `scriptFor` and resolves with the strings it registered (a file that
 * registered no default questions beside them is from another release, and
 * fails); a file already on the page is used as is. Each language is fetched
 * at most once, and waited for `LOCALE_WAIT_MS` at most, so a slow file holds
 * back neither the strings nor the default questions, which both come from
 * here; a failure is final, as the widget then shows its prompts in English.
 * `sri`: the language files' hashes, by file name, as `scriptUiLoader`'s.
 */
export function scriptLocaleLoader(win: HarkWindow, scriptFor: ScriptFor | undefined, sri?: ReadonlyMap<string, string>): LoadLocale {
  const attempts = new Map<string, Promise<WidgetStrings>>();
  const fail = (src: string, integrity: string, cause: unknown) =>
    new HarkError('ui_unavailable', `could not load ${src}${integrity && `, or it failed its integrity check (${integrity})`}; the prompt is shown in English`, { field: 'uiUrl', cause, details: { url: src, integrity } });
  return (lang) => {
    const found = () => (win[QUESTIONS_GLOBAL]?.[lang] ? win[LOCALE_GLOBAL]?.[lang] : undefined);
    const attempt =
      attempts.get(lang) ??
      new Promise<WidgetStrings>((resolve) => {
        if (found()) return resolve(found()!);
        if (!scriptFor) throw fail(localeFile(lang), '', 'the UI chunk was not loaded by hark.min.js, so its folder is unknown');
        const tag = scriptFor(localeFile(lang), sri?.get(localeFile(lang)));
        const loaded = inject(tag, found, (integrity, cause) => fail(tag.src, integrity, cause), fail(tag.src, '', `it registered no "${lang}" strings and questions; is it from the same release as the UI chunk?`));
        const late = () => new HarkError('ui_unavailable', `${tag.src} took longer than ${LOCALE_WAIT_MS / 1000} s to load; the prompt is shown in English`, { field: 'locale' });
        resolve(within(loaded, LOCALE_WAIT_MS, late));
      });
    attempts.set(lang, attempt);
    return attempt;
  };
}

/**
 * The UI chunk's default questions in `lang`: from that language's file,
 * fetched by `loadLocale` (`scriptLocaleLoader`, the one that fetches the
 * strings for the same client, so the file is fetched once, and both wait for
 * it as long and fail together).
 */
export function scriptQuestions(win: HarkWindow, loadLocale: LoadLocale): (lang: Language) => Promise<Questions> {
  return (lang) => loadLocale(lang).then(() => win[QUESTIONS_GLOBAL]![lang]!);
}
