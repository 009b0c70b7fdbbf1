import type { WidgetStrings } from '@hark/widget';
import { LOCALE_GLOBAL, type LocaleWindow } from './uiModule.js';

/**
 * What a language file (`hark-locale-<lang>.min.js`) does when it runs: leaves
 * its strings where the core chunk looks for them. A second copy of the same
 * file keeps the first registration.
 */
export function registerLocale(win: Window, lang: string, strings: WidgetStrings): WidgetStrings {
  const slot = win as LocaleWindow;
  let table = slot[LOCALE_GLOBAL];
  if (!table) {
    // No prototype: a language code never reads a property the page put on Object.prototype.
    table = Object.create(null) as Record<string, WidgetStrings>;
    Object.defineProperty(slot, LOCALE_GLOBAL, { value: table, configurable: true });
  }
  return (table[lang] ??= strings);
}
