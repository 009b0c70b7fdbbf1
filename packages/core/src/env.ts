import type { TabCoordination } from './outbox/coordination.js';
import type { HarkStorage } from './storage/types.js';

/** Time, injected so tests can move it. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What core needs to know about, and hear from, the page. */
export interface PageEnvironment {
  /** The current URL, stored on records as `context.url`. */
  url(): string | undefined;
  /** The browser's language, used when config sets none. */
  language(): string | undefined;
  /** False only when the browser knows it is offline. */
  isOnline(): boolean;
  /** Calls `fn` when the browser comes back online; returns the cleanup. */
  onOnline(fn: () => void): () => void;
  /** Calls `fn` when the page is being hidden or left (pagehide / visibilitychange hidden). */
  onHide(fn: () => void): () => void;
}

/** Every seam core reaches the outside world through. Each has a browser default. */
export interface ClientEnvironment {
  readonly clock: Clock;
  readonly fetch: typeof fetch;
  /** Uniform in [0, 1): jitter and sampling. */
  readonly random: () => number;
  /** A new record id (UUIDv7: sorts by creation time). */
  readonly uuid: () => string;
  /** Opens IndexedDB; a rejection or hang (twice) makes Hark fall back to localStorage, then memory, and report it. */
  readonly openStorage: () => Promise<HarkStorage>;
  readonly page: PageEnvironment;
  /** How tabs share the outbox: Web Lock, BroadcastChannel, bfcache restore, localStorage. */
  readonly tabs: TabCoordination;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function listen(target: EventTarget | undefined, type: string, fn: () => void): () => void {
  if (!target) return () => undefined;
  target.addEventListener(type, fn, { passive: true } as AddEventListenerOptions);
  return () => target.removeEventListener(type, fn);
}

/** The browser page, read lazily so importing core in Node or SSR has no side effects. */
export const browserPage: PageEnvironment = {
  url: () => globalThis.location?.href,
  language: () => globalThis.navigator?.language,
  isOnline: () => globalThis.navigator?.onLine !== false,
  onOnline: (fn) => listen(globalThis.window, 'online', fn),
  onHide(fn) {
    const onVisibility = () => {
      if (globalThis.document?.visibilityState === 'hidden') fn();
    };
    const offHide = listen(globalThis.window, 'pagehide', fn);
    const offVisibility = listen(globalThis.document, 'visibilitychange', onVisibility);
    return () => {
      offHide();
      offVisibility();
    };
  },
};
