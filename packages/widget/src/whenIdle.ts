/** Longest wait for an idle moment before preloading anyway (a page that is never idle still gets its UI). */
export const IDLE_TIMEOUT_MS = 5000;
/** Where `requestIdleCallback` is missing (Safari), the delay that stands in for "after the page settled". */
export const IDLE_FALLBACK_MS = 1500;

type IdleWindow = Window & {
  requestIdleCallback?: (fn: () => void, options?: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
};

/** Runs `fn` once the main thread is idle (or after a fallback delay); returns the cancel. */
export function whenIdle(win: Window, fn: () => void): () => void {
  const idle = win as IdleWindow;
  if (typeof idle.requestIdleCallback === 'function' && typeof idle.cancelIdleCallback === 'function') {
    const handle = idle.requestIdleCallback(fn, { timeout: IDLE_TIMEOUT_MS });
    return () => idle.cancelIdleCallback?.(handle);
  }
  const timer = win.setTimeout(fn, IDLE_FALLBACK_MS);
  return () => win.clearTimeout(timer);
}
