// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserPlatform } from '../../src/platform/browserPlatform';
import { TYPING_IDLE_MS } from '../../src/defaults';

afterEach(() => {
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('the browser page view', () => {
  it('sees pushState, replaceState, popstate and hashchange, and restores history on the last cleanup', () => {
    const nativePush = history.pushState;
    const nativeReplace = history.replaceState;
    const view = browserPlatform(window as never);
    expect(history.pushState).toBe(nativePush); // nothing patched until someone listens
    const seen: string[] = [];
    const offA = view.onNavigate((href) => seen.push(new URL(href).pathname + new URL(href).hash));
    const offB = view.onNavigate(() => undefined);
    expect(history.pushState).not.toBe(nativePush);
    history.pushState({}, '', '/reports');
    history.replaceState({}, '', '/reports/q4');
    history.replaceState({}, '', '/reports/q4'); // same URL: not a route change
    location.hash = '#tab2';
    window.dispatchEvent(new Event('hashchange'));
    expect(seen).toEqual(['/reports', '/reports/q4', '/reports/q4#tab2']);
    offA();
    expect(history.pushState).not.toBe(nativePush); // B still listens
    offB();
    expect(history.pushState).toBe(nativePush);
    expect(history.replaceState).toBe(nativeReplace);
  });

  it('leaves a later wrapper in place and turns its own into a pass-through', () => {
    const view = browserPlatform(window as never);
    const seen: string[] = [];
    const off = view.onNavigate((href) => seen.push(href));
    const ours = history.pushState;
    const theirs = function (this: History, ...args: Parameters<History['pushState']>) {
      return ours.apply(this, args);
    };
    history.pushState = theirs;
    off();
    expect(history.pushState).toBe(theirs);
    history.pushState({}, '', '/after');
    expect(seen).toEqual([]);
  });

  it('delegates clicks, so elements added later count', () => {
    const view = browserPlatform(window as never);
    const hits: boolean[] = [];
    const off = view.onClick((closest) => hits.push(closest('#export')));
    const button = document.createElement('button');
    button.id = 'export';
    button.innerHTML = '<span>Export</span>';
    document.body.append(button);
    button.querySelector('span')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    document.body.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(hits).toEqual([true, false]);
    off();
    button.click();
    expect(hits).toHaveLength(2);
  });

  it('reports exit intent only through the top edge, and never on touch-only devices', () => {
    const fine = browserPlatform(Object.assign(Object.create(window), { matchMedia: () => ({ matches: true }), document }) as never);
    let exits = 0;
    const off = fine.onExitIntent(() => exits++);
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: 300, relatedTarget: null }));
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: -2, relatedTarget: null }));
    expect(exits).toBe(1);
    off();
    const touch = browserPlatform(Object.assign(Object.create(window), { matchMedia: () => ({ matches: false }), document }) as never);
    const offTouch = touch.onExitIntent(() => exits++);
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: -2, relatedTarget: null }));
    expect(exits).toBe(1);
    offTouch();
  });

  it('is busy while a host modal is open, or while the user types in a field', () => {
    vi.useFakeTimers();
    const view = browserPlatform(window as never);
    expect(view.busy()).toBeNull();
    document.body.innerHTML = '<div role="dialog" aria-modal="true">Settings</div>';
    expect(view.busy()).toBe('modal');
    document.body.innerHTML = '<input id="q" type="text"><button>Go</button>';
    const input = document.getElementById('q') as HTMLInputElement;
    input.focus();
    // Not watching keys yet: a focused field counts as typing just now.
    expect(view.busy()).toBe('typing');
    const off = view.onBusyChange(() => undefined);
    vi.advanceTimersByTime(TYPING_IDLE_MS);
    expect(view.busy()).toBeNull(); // focused, but idle
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(view.busy()).toBe('typing');
    vi.advanceTimersByTime(TYPING_IDLE_MS);
    expect(view.busy()).toBeNull();
    document.querySelector('button')!.focus();
    expect(view.busy()).toBeNull(); // a button is not a text field
    off();
  });

  it("names the key another page changed in this page's localStorage, and says everything may have changed for any other area", () => {
    const view = browserPlatform(window as never);
    const added = vi.spyOn(window, 'addEventListener');
    const removed = vi.spyOn(window, 'removeEventListener');
    const heardA: Array<string | null> = [];
    const heardB: Array<string | null> = [];
    const offA = view.onStorage!((key) => heardA.push(key));
    const offB = view.onStorage!((key) => heardB.push(key));
    const storage = (init: StorageEventInit) => window.dispatchEvent(new StorageEvent('storage', init));
    storage({ key: 'hark~wire:tab-2', storageArea: localStorage });
    storage({ key: 'hark~wire:tab-3', storageArea: sessionStorage });
    storage({ key: null, storageArea: localStorage }); // another page called clear()
    expect(heardA).toEqual(['hark~wire:tab-2', null, null]);
    expect(heardB).toEqual(heardA);
    // Both hear one listener, taken once and given back when the last one leaves.
    expect(added.mock.calls.filter(([type]) => type === 'storage')).toHaveLength(1);
    offA();
    expect(removed.mock.calls.filter(([type]) => type === 'storage')).toHaveLength(0);
    offB();
    expect(removed.mock.calls.filter(([type]) => type === 'storage')).toHaveLength(1);
    storage({ key: 'hark~wire:tab-4', storageArea: localStorage });
    expect(heardA).toHaveLength(3);
    added.mockRestore();
    removed.mockRestore();
  });

  it('reads Do Not Track and Global Privacy Control', () => {
    const gpc = browserPlatform({ navigator: { globalPrivacyControl: true } } as never);
    const dnt = browserPlatform({ navigator: { doNotTrack: '1' } } as never);
    const none = browserPlatform({ navigator: {} } as never);
    expect([gpc.doNotTrack(), dnt.doNotTrack(), none.doNotTrack()]).toEqual([true, true, false]);
  });

  it('hands the page’s Web Locks to the delivery code, which makes the drain lock and presence of them; none outside a page', () => {
    const locks = { request: () => Promise.resolve(), query: () => Promise.resolve({}) };
    const page = browserPlatform(Object.assign(Object.create(window), { document, navigator: { locks } }) as never);
    expect(page.locks?.()).toBe(locks);
    expect(page.lock).toBeUndefined();
    expect(browserPlatform({ navigator: { locks } } as never).locks?.()).toBeUndefined();
  });
});
