/** Time: `now()` and the timers, which tests move by hand. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Runs `fn` only if no other tab is draining; never waits for the lock. */
export interface DrainLock {
  /** Resolves `{ acquired: false }` at once when another tab holds the lock. */
  tryRun<T>(fn: () => Promise<T>): Promise<{ readonly acquired: true; readonly value: T } | { readonly acquired: false }>;
}

/** Tab liveness: a tab marks itself alive while it holds records back; others ask who is. */
export interface Presence {
  /** Marks `owner` alive until the returned release is called or the page goes away; resolves once that is in place, or with null when it cannot be. */
  hold(owner: string): Promise<(() => void) | null>;
  /** The owners alive in some tab of this origin now, or null when that cannot be known. */
  alive(): Promise<ReadonlySet<string> | null>;
}

/** A message channel to the same page in other tabs. */
export interface Channel {
  post(message: unknown): void;
  close(): void;
}

/**
 * Everything core needs from a page, in one seam (Floating UI's `Platform`):
 * the URL and history, the user's actions, visibility and page hide, the
 * network, other tabs (broadcast, locks, localStorage) and time. Core never
 * reads `window`, `document` or `navigator` except through it.
 * `browserPlatform()` is the real one; `@hark/core/testing`'s `fakePlatform`
 * is driven by hand. Every `on…` method attaches its listener only when
 * called and returns the cleanup, so a page with no click trigger has no
 * click listener.
 */
export interface Platform extends Clock {
  /** The full current URL (`https://app.example/reports?q=1#top`); `''` outside a browser. */
  href(): string;
  /** The browser's language, used when the config sets none. */
  language(): string | undefined;
  /** Calls `fn` with the new URL after pushState, replaceState, popstate or hashchange changes it. */
  onNavigate(fn: (href: string) => void): () => void;
  /** Delegated click listener: `fn` gets a test for "the click landed on or inside `selector`". */
  onClick(fn: (closest: (selector: string) => boolean) => void): () => void;
  /** Calls `fn` when the pointer leaves through the top of the viewport. Never fires on touch-only devices. */
  onExitIntent(fn: () => void): () => void;
  /** How far down the page the user has scrolled, 0–100. */
  scrollPercent(): number;
  onScroll(fn: () => void): () => void;
  /**
   * Why a prompt should not appear right now, or null: `'modal'` while a host
   * dialog is open, `'typing'` while a focused text field had a key press in
   * the last moment. Key presses are watched only while `onBusyChange` has a
   * listener; before that, a focused field counts as typing.
   */
  busy(): 'modal' | 'typing' | null;
  /** Calls `fn` when `busy()` may have changed (focus moved, a key was pressed). */
  onBusyChange(fn: () => void): () => void;
  /** True when the browser sends Do Not Track or Global Privacy Control. */
  doNotTrack(): boolean;
  /** False while the tab is hidden. */
  isVisible(): boolean;
  /** Calls `fn` when the tab is shown or hidden. */
  onVisibilityChange(fn: () => void): () => void;
  /** Calls `fn` when the page is hidden or being left (the moment to send what is queued). */
  onHide(fn: () => void): () => void;
  /** Calls `fn` when the page is being left for good (pagehide). */
  onLeave(fn: () => void): () => void;
  /** Calls `fn` when the page comes back from the back/forward cache. */
  onRestore(fn: () => void): () => void;
  /** False only when the browser knows it is offline. */
  isOnline(): boolean;
  /** Calls `fn` when the browser comes back online. */
  onOnline(fn: () => void): () => void;
  /** Opens channel `name` to the other tabs (BroadcastChannel); `fn` hears their messages. */
  channel(name: string, fn: (message: unknown) => void): Channel;
  /**
   * One tab drains the outbox at a time. Correctness never depends on it:
   * leases do. Absent: a Web Lock from `locks()`, or every tab drains.
   */
  readonly lock?: DrainLock;
  /**
   * Which tabs are alive, so a record held by a tab that closed is sent at
   * once. Absent: Web Locks from `locks()`, or else holds just run out.
   */
  readonly presence?: Presence;
  /** The page's Web Locks (`navigator.locks`), from which the delivery code makes `lock` and `presence` where they are not given. */
  locks?(): LockManager | undefined;
  /** The page's localStorage: the second storage fallback, and the wire marks. */
  localStorage(): Storage | undefined;
  /**
   * Calls `fn` with each key of `localStorage()` that another document (a
   * tab, a frame) changes, `null` when it may have changed any (a clear; the
   * `storage` event). Absent: what reads other tabs' keys walks through all
   * of localStorage each time.
   */
  onStorage?(fn: (key: string | null) => void): () => void;
}
