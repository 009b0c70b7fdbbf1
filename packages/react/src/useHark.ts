import { HarkError } from '@hark/core';
import { useContext } from 'react';
import type { HarkVerbs } from './clientHandle.js';
import { HarkContext } from './HarkProvider.js';

let warned = false;
const outside = new Proxy({} as HarkVerbs, {
  get(_target, property) {
    if (property === 'client') return null;
    if (!warned) {
      warned = true;
      console.error(new HarkError('not_initialized', `hark.${String(property)}() was called outside <HarkProvider>: wrap your app in <HarkProvider config={…}>`));
    }
    return () => undefined;
  },
});

/**
 * The verbs of the nearest provider's client (`identify`, `track`, `show`,
 * `dismiss`, `submit`, `on`, `flush`, `reset`), stable across renders and safe
 * to call before the client has started: calls are queued and replayed in
 * order. Outside a provider, calls do nothing and report one `not_initialized`
 * error on the console.
 */
export function useHark(): HarkVerbs {
  return useContext(HarkContext)?.verbs ?? outside;
}
