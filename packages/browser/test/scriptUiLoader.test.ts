import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HarkError } from '@hark/core';
import { registerUi, scriptUiLoader, UI_GLOBAL, uiUrlNextTo, type UiModule } from '@hark/browser';

// Nothing listens on the discard port: a load there fails fast and stays on this machine.
const CDN = 'http://127.0.0.1:9/npm/@hark/browser@0.1/dist/';

function coreTag(attributes: Record<string, string>): HTMLScriptElement {
  const tag = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) tag.setAttribute(name, value);
  return tag;
}

const injected = () => [...document.querySelectorAll<HTMLScriptElement>('script[src*="hark-ui"]')];
// Every tag the loader appended, kept even after a failed one removed itself (happy-dom may fail it at once).
let appended: HTMLScriptElement[] = [];

beforeEach(() => {
  appended = [];
  const append = document.head.appendChild.bind(document.head);
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T => {
    if (node instanceof HTMLScriptElement) appended.push(node);
    return append(node);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  delete (window as unknown as Record<symbol, unknown>)[UI_GLOBAL];
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('where the UI chunk is looked for', () => {
  it('sits next to the core bundle, wherever that was served from', () => {
    expect(uiUrlNextTo(coreTag({ src: `${CDN}hark.min.js?v=1` }), document)).toBe(`${CDN}hark-ui.min.js`);
  });

  it('without currentScript, falls back to the page’s own hark.min.js tag, or to nothing', () => {
    expect(uiUrlNextTo(null, document)).toBeNull();
    document.head.append(coreTag({ src: '/static/vendor/hark.min.js' }));
    expect(uiUrlNextTo(null, document)).toBe(new URL('/static/vendor/hark-ui.min.js', document.baseURI).href);
  });
});

describe('scriptUiLoader', () => {
  it('injects one tag carrying the CSP nonce and the core tag’s crossorigin, and reports a failed load as a HarkError', async () => {
    const load = scriptUiLoader(window, coreTag({ src: `${CDN}hark.min.js`, crossorigin: 'anonymous' }));
    const first = load({ nonce: 'n0nce' });
    const second = load({ nonce: 'n0nce' });
    expect(second).toBe(first);
    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatchObject({ src: `${CDN}hark-ui.min.js`, nonce: 'n0nce', crossOrigin: 'anonymous', async: true });

    const error = await first.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(HarkError);
    expect(error).toMatchObject({ code: 'ui_unavailable', field: 'uiUrl' });
    // The failed tag is gone and the attempt forgotten: the next call tries again.
    expect(injected()).toHaveLength(0);
    const retry = load({});
    expect(retry).not.toBe(first);
    expect(appended).toHaveLength(2);
    await retry.catch(() => undefined);
  });

  it('names uiUrl when it cannot tell where the chunk is, and uses uiUrl when given', async () => {
    const load = scriptUiLoader(window, null);
    await expect(load({})).rejects.toMatchObject({ code: 'ui_unavailable', field: 'uiUrl' });
    expect(appended).toHaveLength(0);
    const attempt = load({ url: `${CDN}custom/hark-ui.min.js` });
    expect(appended.map((tag) => tag.src)).toEqual([`${CDN}custom/hark-ui.min.js`]);
    await attempt.catch(() => undefined);
  });

  it('uses a UI chunk already on the page without fetching, and a second registration keeps the first', async () => {
    const ui = { mountSurfaces: () => ({ addInline: () => () => undefined, destroy: () => undefined }) } as unknown as UiModule;
    expect(registerUi(window, ui)).toBe(ui);
    expect(registerUi(window, { ...ui })).toBe(ui);
    await expect(scriptUiLoader(window, null)({})).resolves.toBe(ui);
    expect(appended).toHaveLength(0);
  });
});
