import { UI_GLOBAL, type UiModule, type UiWindow } from './uiModule.js';

/**
 * What the UI chunk does when it runs: leaves its module where the core chunk
 * looks for it. A second copy of the chunk (two tags, or a retry that raced a
 * slow first load) keeps the first registration, so loading twice is harmless.
 */
export function registerUi(win: Window, module: UiModule): UiModule {
  const slot = win as UiWindow;
  const existing = slot[UI_GLOBAL];
  if (existing) return existing;
  Object.defineProperty(slot, UI_GLOBAL, { value: module, configurable: true });
  return module;
}
