import { IDBFactory } from 'fake-indexeddb';
import { createClient, openIdbStorage, type HarkConfigInput, type PageView } from '@hark/core';
import { ENDPOINT, fakePage, manualClock } from './helpers';

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

/**
 * A client over a fake IndexedDB, a manual clock and a fake page view. Pass
 * `shared` from another `engineClient` to get a second tab (or a reload) of
 * the same browser: same database, same clock, same cross-tab channel.
 */
export function engineClient(
  config: Partial<HarkConfigInput> = {},
  options: { href?: string; shared?: { factory: IDBFactory; clock: ReturnType<typeof manualClock>; bus: Set<(m: unknown) => void> }; fetch?: typeof fetch } = {},
) {
  const factory = options.shared?.factory ?? new IDBFactory();
  const clock = options.shared?.clock ?? manualClock();
  const page = fakeView(options.href, options.shared?.bus);
  const client = createClient(
    { endpoint: ENDPOINT, storage: undefined, ...config },
    {
      clock,
      page: fakePage().page,
      view: page.view,
      random: () => 0.5,
      openStorage: () => openIdbStorage({ factory }),
      fetch: options.fetch ?? (async () => new Response('{"ok":true}', { status: 200 })),
    },
  );
  const errors: Array<{ code: string; field: string | undefined; message: string }> = [];
  client.on('error', (error) => errors.push({ code: error.code, field: error.field, message: error.message }));
  return { client, clock, page, factory, errors, shared: { factory, clock, bus: page.bus } };
}

/** The survey id on screen, or null. */
export const onScreen = (client: { getState(): { activePrompt: { survey: { id: string } } | null } }) =>
  client.getState().activePrompt?.survey.id ?? null;
