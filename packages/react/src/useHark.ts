import { HarkError, type HarkClient } from '@hark/core';
import { useContext } from 'react';
import { HarkContext } from './HarkProvider.js';

let warned = false;
const outside = new Proxy({} as HarkClient, {
  get(_target, verb) {
    if (!warned) {
      warned = true;
      console.error(new HarkError('not_initialized', `hark.${String(verb)}() was called outside <HarkProvider>, or its config was invalid`));
    }
    return () => undefined;
  },
});

/**
 * The nearest provider's client: every verb (`track`, `identify`, `show`,
 * `on`, `explain`, `getDeliveryState`…), stable across renders and safe to
 * call from the first render on: calls made before it has started are held
 * and run in order. Outside a provider, calls do nothing and report one
 * `not_initialized` error on the console.
 */
export function useHark(): HarkClient {
  return useContext(HarkContext)?.client ?? outside;
}
