import type { HarkState } from '@hark/core';
import { useContext, useSyncExternalStore } from 'react';
import { HarkContext } from './HarkProvider.js';

const noSubscribe = () => () => undefined;
const none = () => null;

/**
 * The client's state (status, user, the prompt on screen and its phase),
 * re-rendering on every change. `null` on the server and outside a provider.
 */
export function useSurveyState(): HarkState | null {
  const client = useContext(HarkContext)?.client;
  return useSyncExternalStore(client ? client.subscribe : noSubscribe, client ? client.getState : none, none);
}
