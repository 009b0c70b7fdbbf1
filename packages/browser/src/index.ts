import { createHark as facade, type Hark } from './createHark.js';
import { installHark as install } from './installHark.js';
import type { Language } from '@hark/core';
import type { ScriptDeliveryLoader, ScriptUiLoader } from '@hark/widget/script';

// The ES module entry. Its UI and delivery code are dynamic imports an app's bundler splits; the script tag's entry (iife.ts)
// passes its script loaders. Its default questions come with the delivery code, as `@hark/core`'s do.
const importUi: ScriptUiLoader = () =>
  import('@hark/widget/ui').then(({ mountSurfaces }) => ({ mountSurfaces, questions: (lang: Language) => import('@hark/core/delivery').then((code) => code.questionsIn(lang)) }));
const importDelivery: ScriptDeliveryLoader = () => import('@hark/core/delivery');

/** A facade of `window.hark`'s shape: every client verb, callable before `init`. */
export const createHark = (loadUi: ScriptUiLoader = importUi, loadDelivery: ScriptDeliveryLoader = importDelivery): Hark => facade(loadUi, loadDelivery);
/** What the script tag runs on load: adopts the snippet's queue, reads data attributes, defines `<hark-survey>`. */
export const installHark = (win: Window, script: Element | null, loadUi: ScriptUiLoader = importUi, loadDelivery: ScriptDeliveryLoader = importDelivery): Hark =>
  install(win, script, loadUi, loadDelivery);
export type { BrowserConfig, Hark } from './createHark.js';
export { readScriptConfig } from './readScriptConfig.js';
export { SNIPPET_METHODS, VERBS } from './methods.js';
export type { SnippetCall, SnippetPlaceholder } from './methods.js';
