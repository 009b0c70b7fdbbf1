import { SDK_VERSION, type DeliveryCode, type HarkClient, type Language, type Questions } from '@hark/core';
import type { UiModule } from '../createHost.js';
import type { WidgetStrings } from '../i18n/strings.js';
import type { WidgetOptions } from '../mountWidget.js';
import type { Surfaces } from '../renderSurfaces.js';

// The contract between hark.min.js and the files it injects: where each registers itself (symbols, so
// nothing clashes with the page's globals) and what hark.min.js lends the UI chunk.

/** The UI chunk, served next to `hark.min.js`. */
export const UI_FILE = 'hark-ui.min.js';
/**
 * The same chunk carrying the language files' Subresource Integrity hashes,
 * which a page loading `hark.min.js` with an `integrity` gets instead: hashes
 * do not compress, and a page without SRI has no use for them.
 */
export const UI_SRI_FILE = 'hark-ui.sri.min.js';
/** The client's delivery code (`@hark/core/delivery`), served next to the UI chunk. */
export const DELIVERY_FILE = 'hark-delivery.min.js';
/** The same with its diagnostics (the delivery errors' sentences), which `hark.debug.min.js` loads. */
export const DELIVERY_DEBUG_FILE = 'hark-delivery.debug.min.js';
/** A language's strings and default questions (`hark-locale-de.min.js`), served next to the UI chunk. */
export const localeFile = (lang: string): string => `hark-locale-${lang}.min.js`;
// The UI chunk and the delivery file share hark.min.js's code contract, so they register under its release: a file of
// another one (a CDN's unversioned URL resolved across a release) is not taken up, and says so, rather than run half-wired.
export const UI_GLOBAL: unique symbol = Symbol.for(`hark.ui@${SDK_VERSION}`) as never;
export const LOCALE_GLOBAL: unique symbol = Symbol.for('hark.locales') as never;
export const QUESTIONS_GLOBAL: unique symbol = Symbol.for('hark.questions') as never;
export const DELIVERY_GLOBAL: unique symbol = Symbol.for(`hark.delivery@${SDK_VERSION}`) as never;
/** A window the UI chunk, the language files and the delivery code may have registered on. */
export type HarkWindow = Window & {
  [UI_GLOBAL]?: UiChunk;
  [LOCALE_GLOBAL]?: Record<string, WidgetStrings>;
  [QUESTIONS_GLOBAL]?: Record<string, Questions>;
  [DELIVERY_GLOBAL]?: DeliveryCode;
};

/**
 * A `<script>` (not yet appended) for Hark's `file` next to the UI chunk, made
 * as the chunk's own tag was (nonce, crossorigin, Trusted Types, `integrity`
 * under SRI). Throws a HarkError when the page's Trusted Types refuse it.
 */
export type ScriptFor = (file: string, integrity: string | undefined) => HTMLScriptElement;

/**
 * What the UI chunk registers: the widget's surfaces, and a language's default
 * questions for a client; both take `scriptFor` to fetch language files, and
 * share each client's fetch of a language's file.
 */
export interface UiChunk {
  readonly mountSurfaces: (client: HarkClient, options: WidgetOptions, scriptFor?: ScriptFor) => Surfaces;
  readonly questions: (lang: Language, client: HarkClient, scriptFor?: ScriptFor) => Promise<Questions>;
}

/** The UI as `scriptUiLoader` resolves it: the widget host's, and the default questions a client fetches before its prompt (`loadQuestions`). */
export interface ScriptUi extends UiModule {
  readonly questions: (lang: Language, client: HarkClient) => Promise<Questions>;
}

/** How the script tag fetches the UI: `nonce` and `url` as `init` was given them, and the first prompt's language. */
export interface UiLoadOptions {
  readonly nonce?: string;
  readonly url?: string;
  readonly lang?: string;
  readonly trustedTypesPolicy?: string;
}

/** Fetches the UI chunk (`scriptUiLoader`); the facade turns it into the widget host's `loadUi` and its client's `loadQuestions`. */
export type ScriptUiLoader = (options: UiLoadOptions) => Promise<ScriptUi>;

/** Fetches the delivery code (`scriptDeliveryLoader`) from where the UI chunk is served; the facade turns it into its client's `loadDelivery`. */
export type ScriptDeliveryLoader = (
  options: Omit<UiLoadOptions, 'lang'> & {
    /** Called when a file given up on as too slow registers its code after all: what waited for it can be written now. */
    readonly late?: () => void;
  },
) => Promise<DeliveryCode>;

/**
 * What the UI chunk does when it runs: leaves its module where hark.min.js
 * looks for it. A second copy (two tags, a retry that raced a slow first
 * load) keeps the first registration, so loading twice is harmless.
 */
export function registerUi(win: Window, module: UiChunk): UiChunk {
  const slot = win as HarkWindow;
  if (!slot[UI_GLOBAL]) Object.defineProperty(slot, UI_GLOBAL, { value: module, configurable: true });
  return slot[UI_GLOBAL]!;
}

/** What the delivery file does when it runs: the same, for the client's delivery code. */
export function registerDelivery(win: Window, module: DeliveryCode): DeliveryCode {
  const slot = win as HarkWindow;
  if (!slot[DELIVERY_GLOBAL]) Object.defineProperty(slot, DELIVERY_GLOBAL, { value: module, configurable: true });
  return slot[DELIVERY_GLOBAL]!;
}

/**
 * What a language file does when it runs: the same, for its strings and core's
 * default questions in that language (which the build copies in from
 * `@hark/core/delivery`'s `questionsIn`).
 */
export function registerLocale(win: Window, lang: string, strings: WidgetStrings, questions: Questions): WidgetStrings {
  const slot = win as HarkWindow;
  // No prototype: a language code never reads a property the page put on Object.prototype.
  const registry = <K extends typeof LOCALE_GLOBAL | typeof QUESTIONS_GLOBAL>(key: K): NonNullable<HarkWindow[K]> => {
    if (!slot[key]) Object.defineProperty(slot, key, { value: Object.create(null), configurable: true });
    return slot[key]!;
  };
  registry(QUESTIONS_GLOBAL)[lang] ??= questions;
  return (registry(LOCALE_GLOBAL)[lang] ??= strings);
}
