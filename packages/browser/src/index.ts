import { createHark as facade, type Hark } from './createHark.js';
import { installHark as install } from './installHark.js';
import type { ScriptUiLoader } from '@hark/widget/script';

// The ES module entry. Its UI and delivery code are dynamic imports an app's bundler splits; the script tag's entry (iife.ts)
// passes its script loader.
const importUi: ScriptUiLoader = () => Promise.all([import('@hark/widget/ui'), import('@hark/core/delivery')]).then(([ui, delivery]) => ({ mountSurfaces: ui.mountSurfaces, delivery }));

/** A facade of `window.hark`'s shape: every client verb, callable before `init`. */
export const createHark = (loadUi: ScriptUiLoader = importUi): Hark => facade(loadUi);
/** What the script tag runs on load: adopts the snippet's queue, reads data attributes, defines `<hark-survey>`. */
export const installHark = (win: Window, script: Element | null, loadUi: ScriptUiLoader = importUi): Hark => install(win, script, loadUi);
export type { BrowserConfig, Hark } from './createHark.js';
export { readScriptConfig } from './readScriptConfig.js';
export { SNIPPET_METHODS, VERBS } from './methods.js';
export type { SnippetCall, SnippetPlaceholder } from './methods.js';
