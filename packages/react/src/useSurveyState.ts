import type { HarkState } from '@hark/core';
import { useContext, useSyncExternalStore } from 'react';
import { HarkContext } from './HarkProvider.js';

const noSubscribe = () => () => undefined;
const none = () => null;

/**
 * The client's state (status, user, the prompt on screen and its phase),
 * re-rendering on every change. `null` on the server, before the provider has
 * mounted, and outside a provider.
 */
export function useSurveyState(): HarkState | null {
  const handle = useContext(HarkContext);
  return useSyncExternalStore(handle ? handle.subscribe : noSubscribe, handle ? handle.getState : none, none);
}
