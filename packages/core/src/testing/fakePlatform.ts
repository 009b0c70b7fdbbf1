import { noLock } from '../platform/webLocks.js';
import type { Platform } from '../platform/platform.js';
import { manualClock, type ManualClock } from './manualClock.js';

type Fn = (...args: never[]) => void;

/** What carries the fake channels between platforms made with the same `bus` (one browser's tabs). */
export type FakeBus = Set<(name: string, message: unknown) => void>;

/** `fakePlatform`'s options: the URL, the tabs it shares a bus with, its clock, and any part of the platform to replace. */
export type FakePlatformOptions = Partial<Platform> & { readonly url?: string; readonly bus?: FakeBus; readonly clock?: ManualClock };

/**
 * A page the test drives by hand: navigation, clicks, the pointer leaving,
 * scrolling, visibility, page hide and leave, busy states, online state, and
 * channels shared by every platform made with the same `bus`. Its timers are
 * `clock`'s (a `manualClock` unless given); a single tab with no lock and no
 * localStorage unless `options` says otherwise. It counts live listeners so
 * tests can check that `destroy()` removes them all.
 */
export function fakePlatform(options: FakePlatformOptions = {}) {
  const { url: href = 'https://app.example/', bus = new Set(), clock = manualClock(), ...overrides } = options;
  let url = href;
  let visible = true;
  let online = true;
  let scroll = 0;
  let busy: 'modal' | 'typing' | null = null;
  const sets = {
    navigate: new Set<Fn>(),
    click: new Set<Fn>(),
    exit: new Set<Fn>(),
    scroll: new Set<Fn>(),
    visibility: new Set<Fn>(),
    leave: new Set<Fn>(),
    busy: new Set<Fn>(),
    channel: new Set<Fn>(),
    hide: new Set<Fn>(),
    online: new Set<Fn>(),
    restore: new Set<Fn>(),
  };
  const add = (set: Set<Fn>, fn: Fn) => {
    set.add(fn);
    return () => void set.delete(fn);
  };
  const platform: Platform = {
    now: () => clock.now(),
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    clearTimeout: (handle) => clock.clearTimeout(handle),
    href: () => url,
    language: () => 'en-US',
    onNavigate: (fn) => add(sets.navigate, fn),
    onClick: (fn) => add(sets.click, fn),
    onExitIntent: (fn) => add(sets.exit, fn),
    scrollPercent: () => scroll,
    onScroll: (fn) => add(sets.scroll, fn),
    busy: () => busy,
    onBusyChange: (fn) => add(sets.busy, fn),
    doNotTrack: () => false,
    isVisible: () => visible,
    onVisibilityChange: (fn) => add(sets.visibility, fn),
    onHide: (fn) => add(sets.hide, fn),
    onLeave: (fn) => add(sets.leave, fn),
    onRestore: (fn) => add(sets.restore, fn),
    isOnline: () => online,
    onOnline: (fn) => add(sets.online, fn),
    channel(name, fn) {
      const receive = (to: string, message: unknown) => to === name && fn(structuredClone(message));
      bus.add(receive);
      sets.channel.add(receive);
      return {
        post: (message) => bus.forEach((other) => other !== receive && other(name, message)),
        close: () => {
          bus.delete(receive);
          sets.channel.delete(receive);
        },
      };
    },
    lock: noLock,
    localStorage: () => undefined,
    ...overrides,
  };
  const call = (set: Set<Fn>, ...args: unknown[]) => [...set].forEach((fn) => (fn as (...a: unknown[]) => void)(...args));
  return {
    platform,
    bus,
    clock,
    navigate(next: string) {
      url = new URL(next, url).href;
      call(sets.navigate, url);
    },
    /** Clicks an element that matches exactly the selectors in `matches`. */
    click: (...matches: string[]) => call(sets.click, (selector: string) => matches.includes(selector)),
    exitIntent: () => call(sets.exit),
    scrollTo(percent: number) {
      scroll = percent;
      call(sets.scroll);
    },
    setVisible(value: boolean) {
      visible = value;
      call(sets.visibility);
    },
    /** The page is hidden (`onHide`: what is queued is sent). */
    hide: () => call(sets.hide),
    /** The page is left for good (`onLeave`). */
    leave: () => call(sets.leave),
    /** The page is back from the back/forward cache. */
    restore: () => call(sets.restore),
    setOnline(value: boolean) {
      online = value;
      if (value) call(sets.online);
    },
    setBusy(value: typeof busy) {
      busy = value;
      call(sets.busy);
    },
    /** Live listeners of one kind; without a kind, those delivery attaches (online and hide). */
    listeners: (kind?: keyof typeof sets) => (kind ? sets[kind].size : sets.online.size + sets.hide.size),
    totalListeners: () => Object.values(sets).reduce((n, set) => n + set.size, 0),
  };
}
