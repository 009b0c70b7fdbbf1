import type { HarkClient } from '@hark/core';
import type { Surfaces, UiModule, WidgetOptions, WidgetStrings } from '@hark/widget';

/**
 * What hark.min.js lends the UI chunk for its language files: a `<script>`
 * (not yet appended) for Hark's `file` next to the chunk, made as the chunk's
 * own tag was (nonce, crossorigin, Trusted Types), carrying `integrity` when
 * the page loaded hark.min.js with one. Throws a HarkError when the page's
 * Trusted Types refuse it.
 */
export type ScriptFor = (file: string, integrity: string | undefined) => HTMLScriptElement;

/** What the UI chunk registers: the widget's surfaces, which take `scriptFor` to fetch languages. */
export interface UiChunk {
  readonly mountSurfaces: (client: HarkClient, options: WidgetOptions, scriptFor?: ScriptFor) => Surfaces;
}

/** How the script tag fetches the UI: a CSP nonce for the injected script, an explicit URL, the language it will need. */
export interface UiLoadOptions {
  /** Nonce for the injected `<script>`; default: the nonce of the script tag that loaded the core bundle. */
  readonly nonce?: string;
  /** Where `hark-ui.min.js` is served; default: next to `hark.min.js`. */
  readonly url?: string;
  /** The built-in language the first prompt will need; other than English, its file is fetched alongside the chunk. */
  readonly lang?: string;
  /** Name of the Trusted Types policy for the scripts Hark injects (`trustedTypesPolicy`); default `hark`. */
  readonly trustedTypesPolicy?: string;
}

/** Fetches the UI chunk (`scriptUiLoader`); the facade turns it into the widget host's `loadUi`. */
export type ScriptUiLoader = (options: UiLoadOptions) => Promise<UiModule>;

/** The global slot the UI chunk registers itself in; a symbol so it cannot clash with the page's globals. */
export const UI_GLOBAL: unique symbol = Symbol.for('hark.ui') as never;

/** The file name of the UI chunk, served from the same folder as `hark.min.js`. */
export const UI_FILE = 'hark-ui.min.js';

/** The global slot each language file registers its strings in, by language. */
export const LOCALE_GLOBAL: unique symbol = Symbol.for('hark.locales') as never;

/** The file name of a language's strings (`hark-locale-de.min.js`), served from the same folder as the UI chunk. */
export const localeFile = (lang: string): string => `hark-locale-${lang}.min.js`;

/** A window the UI chunk and the language files may have registered on. */
export type HarkWindow = Window & { [UI_GLOBAL]?: UiChunk; [LOCALE_GLOBAL]?: Record<string, WidgetStrings> };
