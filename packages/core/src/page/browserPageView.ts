import type { PageView } from './pageView.js';

/** A key press this recent, in a focused text field, means the user is still typing. */
export const TYPING_IDLE_MS = 1500;

const EDITABLE = 'input:not([type=button]):not([type=submit]):not([type=checkbox]):not([type=radio]):not([type=range]):not([type=reset]), textarea, select, [contenteditable=""], [contenteditable=true]';

function listen(target: EventTarget, type: string, fn: (event: Event) => void, capture = false): () => void {
  target.addEventListener(type, fn, { passive: true, capture });
  return () => target.removeEventListener(type, fn, { capture });
}

/** Ref-counted listener set: `start` runs when the first listener arrives, its cleanup when the last leaves. */
function shared<F>(start: (emit: (fn: (listener: F) => void) => void) => () => void) {
  const listeners = new Set<F>();
  let stop: (() => void) | null = null;
  return (listener: F): (() => void) => {
    listeners.add(listener);
    stop ??= start((call) => [...listeners].forEach(call));
    return () => {
      if (!listeners.delete(listener) || listeners.size > 0) return;
      stop?.();
      stop = null;
    };
  };
}

/**
 * Patches `history.pushState` / `replaceState` so SPA route changes are seen.
 * The cleanup restores the originals, unless another script has wrapped ours
 * since, in which case ours turns into a plain pass-through.
 */
function patchHistory(history: History, onChange: () => void): () => void {
  let active = true;
  const originals = { pushState: history.pushState, replaceState: history.replaceState };
  const wrap = (name: 'pushState' | 'replaceState') =>
    function (this: History, ...args: Parameters<History['pushState']>) {
      const result = originals[name].apply(this, args);
      if (active) onChange();
      return result;
    };
  const patched = { pushState: wrap('pushState'), replaceState: wrap('replaceState') };
  history.pushState = patched.pushState;
  history.replaceState = patched.replaceState;
  return () => {
    active = false;
    for (const name of ['pushState', 'replaceState'] as const) {
      if (history[name] === patched[name]) history[name] = originals[name];
    }
  };
}

/**
 * The real page. Nothing is read or patched until a listener is attached, so
 * importing core in Node or during SSR has no side effects.
 */
export function createBrowserPageView(win: Window & typeof globalThis = globalThis as Window & typeof globalThis): PageView {
  const doc = () => win.document;
  let lastKeyAt = -Infinity;

  const onNavigate = shared<(href: string) => void>((emit) => {
    let last = win.location.href;
    const check = () => {
      const href = win.location.href;
      if (href === last) return;
      last = href;
      emit((fn) => fn(href));
    };
    const offs = [patchHistory(win.history, check), listen(win, 'popstate', check), listen(win, 'hashchange', check)];
    return () => offs.forEach((off) => off());
  });

  const onClick = shared<(closest: (selector: string) => boolean) => void>((emit) =>
    listen(
      doc(),
      'click',
      (event) => {
        const target = event.target instanceof win.Element ? event.target : null;
        if (!target) return;
        emit((fn) => fn((selector) => target.closest(selector) !== null));
      },
      true,
    ),
  );

  const onExitIntent = shared<() => void>((emit) => {
    // Touch devices have no pointer to leave with; a tap at the top is not intent to leave.
    if (win.matchMedia && !win.matchMedia('(hover: hover) and (pointer: fine)').matches) return () => undefined;
    return listen(doc(), 'mouseout', (event) => {
      const mouse = event as MouseEvent;
      if (mouse.relatedTarget === null && mouse.clientY <= 0) emit((fn) => fn());
    });
  });

  const onScroll = shared<() => void>((emit) => listen(win, 'scroll', () => emit((fn) => fn())));
  const onVisibilityChange = shared<() => void>((emit) => listen(doc(), 'visibilitychange', () => emit((fn) => fn())));
  const onLeave = shared<() => void>((emit) => listen(win, 'pagehide', () => emit((fn) => fn())));
  let watchingKeys = false;
  const onBusyChange = shared<() => void>((emit) => {
    const changed = () => emit((fn) => fn());
    watchingKeys = true;
    const offs = [
      listen(doc(), 'keydown', () => (lastKeyAt = Date.now()), true),
      listen(doc(), 'focusout', changed, true),
      listen(doc(), 'close', changed, true),
    ];
    return () => {
      watchingKeys = false;
      offs.forEach((off) => off());
    };
  });

  return {
    href: () => win.location.href,
    onNavigate,
    onClick,
    onExitIntent,
    scrollPercent() {
      const root = doc().documentElement;
      const scrollable = root.scrollHeight - win.innerHeight;
      return scrollable <= 0 ? 100 : Math.min(100, Math.round((win.scrollY / scrollable) * 100));
    },
    onScroll,
    isVisible: () => doc().visibilityState !== 'hidden',
    onVisibilityChange,
    onLeave,
    busy() {
      if (doc().querySelector('dialog[open], [aria-modal="true"]:not([aria-hidden="true"])')) return 'modal';
      const active = doc().activeElement;
      if (active?.matches(EDITABLE)) {
        // Keys are watched only while a prompt waits; before that, focus in a field counts as typing just now.
        if (!watchingKeys) lastKeyAt = Date.now();
        if (Date.now() - lastKeyAt < TYPING_IDLE_MS) return 'typing';
      }
      return null;
    },
    onBusyChange,
    doNotTrack() {
      const nav = win.navigator as Navigator & { globalPrivacyControl?: boolean; msDoNotTrack?: string };
      return nav.globalPrivacyControl === true || nav.doNotTrack === '1' || (win as { doNotTrack?: string }).doNotTrack === '1';
    },
    channel(name, fn) {
      if (typeof win.BroadcastChannel !== 'function') return { post: () => undefined, close: () => undefined };
      const channel = new win.BroadcastChannel(name);
      channel.onmessage = (event) => fn(event.data);
      return {
        post: (message) => channel.postMessage(message),
        close: () => channel.close(),
      };
    },
  };
}
