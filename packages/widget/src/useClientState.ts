import type { HarkClient, HarkState } from '@hark/core';
import { useEffect, useState } from 'preact/hooks';

/** The client's state, re-rendering on every change. */
export function useClientState(client: HarkClient): HarkState {
  const [state, setState] = useState(client.getState);
  useEffect(() => {
    setState(client.getState());
    return client.subscribe(() => setState(client.getState()));
  }, [client]);
  return state;
}
