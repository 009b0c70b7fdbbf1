import { defineSurveyElement } from '@hark/widget';
import type { ScriptDeliveryLoader, ScriptUiLoader } from '@hark/widget/script';
import { createHark, logError, type Hark } from './createHark.js';
import { readScriptConfig } from './readScriptConfig.js';
import type { SnippetPlaceholder } from './methods.js';

const INSTALLED = Symbol.for('hark.installed');

type HarkWindow = Window & { hark?: unknown };

/**
 * What the bundle does when it loads: turns `window.hark` (the snippet's placeholder,
 * if any) into the real facade in place, so references the page kept stay
 * valid; initialises from the script tag's data attributes unless a queued
 * `init` exists; replays the snippet's queue in order; defines `<hark-survey>`.
 * Loading the bundle a second time returns the first facade untouched.
 * `loadUi` and `loadDelivery` are passed to `createHark` (the script-tag build's inject
 * `hark-ui.min.js` and `hark-delivery.min.js`).
 */
export function installHark(win: HarkWindow, script: Element | null, loadUi: ScriptUiLoader, loadDelivery: ScriptDeliveryLoader): Hark {
  const existing = win.hark as (Partial<SnippetPlaceholder> & { [INSTALLED]?: true }) | undefined;
  if (existing?.[INSTALLED]) return existing as unknown as Hark;

  const target: Record<PropertyKey, unknown> = existing && typeof existing === 'object' ? existing : {};
  const queue = Array.isArray(target.q) ? (target.q as SnippetPlaceholder['q']) : [];
  delete target.q;
  const hark = createHark(loadUi, loadDelivery, target);
  target[INSTALLED] = true;
  win.hark = hark;

  try {
    const fromAttributes = script ? readScriptConfig(script) : null;
    if (fromAttributes && !queue.some((call) => call.m === 'init')) hark.init(fromAttributes);
  } catch (error) {
    logError(error);
  }

  for (const call of queue) {
    if (call.x) continue;
    const method = (target as Record<string, unknown>)[call.m];
    if (typeof method !== 'function') continue;
    try {
      const result: unknown = method(...call.a);
      if (typeof result === 'function') call.u = result as () => void;
    } catch (error) {
      logError(error);
    }
  }

  if (typeof customElements !== 'undefined') defineSurveyElement(hark.mountSurvey);
  return hark;
}
