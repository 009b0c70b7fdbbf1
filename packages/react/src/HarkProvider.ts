import { createClient, type HarkClient, type HarkConfigInput, type HarkState } from '@hark/core';
import { mountWidget } from '@hark/widget';
import { createContext, createElement, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';

const HarkContext = createContext<HarkClient | null>(null);

/** Props of `<HarkProvider>`. */
export interface HarkProviderProps {
  /** The same config as `init`. Read once, when the provider mounts. */
  readonly config: HarkConfigInput;
  readonly children?: ReactNode;
}

/**
 * Creates one Hark client for the tree below it and shows its prompts.
 * The client is created after mount (so server rendering does nothing) and
 * destroyed on unmount.
 */
export function HarkProvider({ config, children }: HarkProviderProps) {
  const [client, setClient] = useState<HarkClient | null>(null);
  useEffect(() => {
    const created = createClient(config);
    const unmount = mountWidget(created);
    setClient(created);
    return () => {
      unmount();
      created.destroy();
    };
    // The config is read once by design; a new provider key makes a new client.
  }, []);
  return createElement(HarkContext.Provider, { value: client }, children);
}

/** The client of the nearest provider, or null before it has mounted. */
export function useHark(): HarkClient | null {
  return useContext(HarkContext);
}

const noop = () => () => undefined;

/** The client's state, or null before the provider has mounted. */
export function useSurveyState(): HarkState | null {
  const client = useHark();
  return useSyncExternalStore(
    client ? client.subscribe : noop,
    () => (client ? client.getState() : null),
    () => null,
  );
}
