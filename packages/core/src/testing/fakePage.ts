import type { PageEnvironment } from '../env.js';

/** A page that the test controls: online state and hide events. */
export function fakePage(url = 'https://app.example/checkout') {
  let online = true;
  const onlineFns = new Set<() => void>();
  const hideFns = new Set<() => void>();
  const page: PageEnvironment = {
    url: () => url,
    language: () => 'en-US',
    isOnline: () => online,
    onOnline: (fn) => (onlineFns.add(fn), () => onlineFns.delete(fn)),
    onHide: (fn) => (hideFns.add(fn), () => hideFns.delete(fn)),
  };
  return {
    page,
    setOnline(value: boolean) {
      online = value;
      if (value) for (const fn of onlineFns) fn();
    },
    hide: () => hideFns.forEach((fn) => fn()),
    listeners: () => onlineFns.size + hideFns.size,
  };
}
