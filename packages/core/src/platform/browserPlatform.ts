import type { Channel, Platform } from './platform.js';
import { TYPING_IDLE_MS } from '../defaults.js';

const EDITABLE = 'input:not([type=button]):not([type=submit]):not([type=checkbox]):not([type=radio]):not([type=range]):not([type=reset]), textarea, select, [contenteditable=""], [contenteditable=true]';

const none = () => () => undefined;

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

/** A BroadcastChannel; a closed or missing one only costs a delay (other tabs retry on their own timers). */
function broadcast(win: typeof globalThis, name: string, fn: (message: unknown) => void): Channel {
  let channel: BroadcastChannel | null = null;
  try {
    if (typeof win.BroadcastChannel === 'function') channel = new win.BroadcastChannel(name);
  } catch {
    channel = null;
  }
  if (channel) channel.onmessage = (event) => fn(event.data);
  return {
    post(message) {
      try {
        channel?.postMessage(message);
      } catch {
        // Closed: see above.
      }
    },
    close: () => channel?.close(),
  };
}

/**
 * The real page. Nothing is read, patched or listened to until it is asked
 * for, so importing core in Node or during SSR has no side effects; there
 * (no `document`) the page has nothing to listen to and no other tabs.
 */
export function browserPlatform(win: Window & typeof globalThis = globalThis as Window & typeof globalThis): Platform {
  const base = {
    now: () => Date.now(),
    setTimeout: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
    clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    language: () => win.navigator?.language,
    isOnline: () => win.navigator?.onLine !== false,
    doNotTrack() {
      const nav = (win.navigator ?? {}) as Navigator & { globalPrivacyControl?: boolean };
      return nav.globalPrivacyControl === true || nav.doNotTrack === '1' || (win as { doNotTrack?: string }).doNotTrack === '1';
    },
    localStorage() {
      try {
        return win.localStorage ?? undefined;
      } catch {
        return undefined;
      }
    },
  };
  if (!win.document) {
    return {
      ...base,
      href: () => '',
      onNavigate: none,
      onClick: none,
      onExitIntent: none,
      scrollPercent: () => 0,
      onScroll: none,
      busy: () => null,
      onBusyChange: none,
      isVisible: () => true,
      onVisibilityChange: none,
      onHide: none,
      onLeave: none,
      onRestore: none,
      onOnline: none,
      channel: () => ({ post: () => undefined, close: () => undefined }),
      locks: () => undefined,
    };
  }
  const doc = () => win.document;
  let lastKeyAt = -Infinity;
  const emitting = (target: () => EventTarget, type: string, when: (event: Event) => boolean = () => true) =>
    shared<() => void>((emit) => listen(target(), type, (event) => when(event) && emit((fn) => fn())));

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

  const onVisibilityChange = emitting(doc, 'visibilitychange');
  const onStorage = shared<(key: string | null) => void>((emit) =>
    listen(win, 'storage', (event) => {
      const { key, storageArea } = event as StorageEvent;
      // Another area, or a host's stand-in for localStorage that the event does not name: say everything may have changed.
      emit((fn) => fn(storageArea === base.localStorage() ? key : null));
    }),
  );
  // One pagehide listener, for sending what is queued (onHide) and for ending held answers (onLeave).
  const onLeave = emitting(() => win, 'pagehide');
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
    ...base,
    href: () => win.location.href,
    onNavigate,
    onClick,
    onExitIntent,
    scrollPercent() {
      const root = doc().documentElement;
      const scrollable = root.scrollHeight - win.innerHeight;
      return scrollable <= 0 ? 100 : Math.min(100, Math.round((win.scrollY / scrollable) * 100));
    },
    onScroll: emitting(() => win, 'scroll'),
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
    isVisible: () => doc().visibilityState !== 'hidden',
    onVisibilityChange,
    onHide(fn) {
      const offs = [onLeave(fn), onVisibilityChange(() => doc().visibilityState === 'hidden' && fn())];
      return () => offs.forEach((off) => off());
    },
    onLeave,
    onRestore: emitting(() => win, 'pageshow', (event) => (event as PageTransitionEvent).persisted),
    onOnline: emitting(() => win, 'online'),
    onStorage,
    channel: (name, fn) => broadcast(win, name, fn),
    locks: () => win.navigator?.locks,
  };
}
