import { createClient, toHarkError, type HarkClient } from '@hark/core';
import { createHost, type Host } from '@hark/widget';
import { createContext, createElement, useEffect, useState, type ReactNode } from 'react';
import type { HarkReactConfig, HarkWidgetOptions } from './config.js';

/** The nearest provider's client and widget host; `null` outside a provider, or when its config was invalid. */
export const HarkContext = createContext<{ readonly client: HarkClient; readonly host: Host } | null>(null);

/** Props of `<HarkProvider>`. */
export interface HarkProviderProps {
  /** The same config as `hark.init`. Read once; give the provider a new `key` to start over with another. */
  readonly config: HarkReactConfig;
  /** Widget string overrides, CSP nonce, colour scheme. Read once, like `config`. */
  readonly widget?: HarkWidgetOptions;
  readonly children?: ReactNode;
}

// Side-effect free: the client starts at its first mount(), the host once the client has started.
function create(config: HarkReactConfig, widget?: HarkWidgetOptions) {
  try {
    const client = createClient(config, { lazy: true });
    return { client, host: createHost(client, { ...widget, loadUi: () => import('@hark/widget/ui') }) };
  } catch (error) {
    // A bad config is reported, never thrown into React's render: the app renders without Hark.
    console.error(toHarkError(error));
    return null;
  }
}

/**
 * One Hark client for the tree below it, with its prompts. Created during
 * render and started once mounted in the browser (the server renders the
 * children only); StrictMode's double mount keeps one client; destroyed after
 * the provider unmounts.
 */
export function HarkProvider({ config, widget, children }: HarkProviderProps) {
  const [hark, setHark] = useState(() => create(config, widget));
  useEffect(() => {
    if (!hark) return undefined;
    // Effects that return after the client was let go (<Activity>, Fast Refresh) get a new one.
    if (hark.client.getState().status === 'destroyed') return void setHark(create(config, widget));
    hark.client.mount();
    // The prompt's UI downloads and runs while storage opens, not after it.
    hark.host.preload();
    return () => hark.client.unmount();
  }, [hark]);
  return createElement(HarkContext.Provider, { value: hark }, children);
}
