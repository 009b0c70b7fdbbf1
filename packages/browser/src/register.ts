import type { WidgetStrings } from '@hark/widget';
import { LOCALE_GLOBAL, UI_GLOBAL, type HarkWindow, type UiChunk } from './uiModule.js';

/**
 * What the UI chunk does when it runs: leaves its module where hark.min.js
 * looks for it. A second copy of the chunk (two tags, or a retry that raced a
 * slow first load) keeps the first registration, so loading twice is harmless.
 */
export function registerUi(win: Window, module: UiChunk): UiChunk {
  const slot = win as HarkWindow;
  if (!slot[UI_GLOBAL]) Object.defineProperty(slot, UI_GLOBAL, { value: module, configurable: true });
  return slot[UI_GLOBAL]!;
}

/** What a language file (`hark-locale-<lang>.min.js`) does when it runs: the same, for its strings. */
export function registerLocale(win: Window, lang: string, strings: WidgetStrings): WidgetStrings {
  const slot = win as HarkWindow;
  // No prototype: a language code never reads a property the page put on Object.prototype.
  if (!slot[LOCALE_GLOBAL]) Object.defineProperty(slot, LOCALE_GLOBAL, { value: Object.create(null), configurable: true });
  return (slot[LOCALE_GLOBAL]![lang] ??= strings);
}
