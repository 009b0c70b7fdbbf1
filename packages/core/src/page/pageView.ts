/**
 * What the engine needs to see of, and hear from, the page: the URL, route
 * changes, clicks, the pointer leaving, scrolling, tab visibility, whether the
 * user is busy, and a channel to the other tabs. Core never touches `window`
 * or `document` except through this seam; `browserPageView` is the default and
 * tests pass a fake.
 *
 * Every `on…` method attaches its listener only when called and returns the
 * cleanup that detaches it, so a page with no click trigger has no click listener.
 */
export interface PageView {
  /** The full current URL (`https://app.example/reports?q=1#top`). */
  href(): string;
  /** Calls `fn` with the new URL after pushState, replaceState, popstate or hashchange changes it. */
  onNavigate(fn: (href: string) => void): () => void;
  /** Delegated click listener: `fn` gets a test for "the click landed on or inside `selector`". */
  onClick(fn: (closest: (selector: string) => boolean) => void): () => void;
  /** Calls `fn` when the pointer leaves through the top of the viewport. Never fires on touch-only devices. */
  onExitIntent(fn: () => void): () => void;
  /** How far down the page the user has scrolled, 0–100. */
  scrollPercent(): number;
  /** Calls `fn` after the page scrolls. */
  onScroll(fn: () => void): () => void;
  /** False while the tab is hidden. */
  isVisible(): boolean;
  /** Calls `fn` when the tab is shown or hidden. */
  onVisibilityChange(fn: () => void): () => void;
  /** Calls `fn` once when the page is being left for good (pagehide). */
  onLeave(fn: () => void): () => void;
  /**
   * Why a prompt should not appear right now, or null: `'modal'` while a host
   * dialog is open, `'typing'` while a focused text field had a key press in
   * the last moment (`TYPING_IDLE_MS`). Key presses are watched only while
   * `onBusyChange` has a listener; before that, a focused field counts as typing.
   */
  busy(): 'modal' | 'typing' | null;
  /** Calls `fn` when `busy()` may have changed (focus moved, a key was pressed). */
  onBusyChange(fn: () => void): () => void;
  /** True when the browser sends Do Not Track or Global Privacy Control. */
  doNotTrack(): boolean;
  /** Posts `message` to the same page in other tabs (BroadcastChannel), and listens for theirs. */
  channel(name: string, fn: (message: unknown) => void): { post(message: unknown): void; close(): void };
}
