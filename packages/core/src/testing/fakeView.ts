import type { PageView } from '../page/pageView.js';

type Fn = (...args: never[]) => void;

/**
 * A page the test drives by hand: navigation, clicks, the pointer leaving,
 * scrolling, visibility, busy states and a cross-tab channel shared by every
 * view made from the same `bus`. It counts live listeners so tests can check
 * that `destroy()` removes them all.
 */
export function fakeView(href = 'https://app.example/', bus = new Set<(message: unknown) => void>()) {
  let url = href;
  let visible = true;
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
  };
  const add = (set: Set<Fn>, fn: Fn) => {
    set.add(fn);
    return () => void set.delete(fn);
  };
  const view: PageView = {
    href: () => url,
    onNavigate: (fn) => add(sets.navigate, fn),
    onClick: (fn) => add(sets.click, fn),
    onExitIntent: (fn) => add(sets.exit, fn),
    scrollPercent: () => scroll,
    onScroll: (fn) => add(sets.scroll, fn),
    isVisible: () => visible,
    onVisibilityChange: (fn) => add(sets.visibility, fn),
    onLeave: (fn) => add(sets.leave, fn),
    busy: () => busy,
    onBusyChange: (fn) => add(sets.busy, fn),
    doNotTrack: () => false,
    channel(_name, fn) {
      const receive = (message: unknown) => fn(structuredClone(message));
      bus.add(receive);
      sets.channel.add(receive);
      return {
        post: (message) => bus.forEach((other) => other !== receive && other(message)),
        close: () => {
          bus.delete(receive);
          sets.channel.delete(receive);
        },
      };
    },
  };
  const call = (set: Set<Fn>, ...args: unknown[]) => [...set].forEach((fn) => (fn as (...a: unknown[]) => void)(...args));
  return {
    view,
    bus,
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
    leave: () => call(sets.leave),
    setBusy(value: typeof busy) {
      busy = value;
      call(sets.busy);
    },
    listeners: (kind: keyof typeof sets) => sets[kind].size,
    totalListeners: () => Object.values(sets).reduce((n, set) => n + set.size, 0),
  };
}
