import { createContext, createElement, useEffect, useState, type ReactNode } from 'react';
import { createClientHandle, type ClientHandle } from './clientHandle.js';
import type { HarkReactConfig, HarkWidgetOptions } from './config.js';

/** The nearest provider's handle; `null` outside any provider. */
export const HarkContext = createContext<ClientHandle | null>(null);

/** Props of `<HarkProvider>`. */
export interface HarkProviderProps {
  /** The same config as `hark.init`. Read once, on mount; give the provider a new `key` to start over with another. */
  readonly config: HarkReactConfig;
  /** Widget string overrides and CSP nonce. Read once, like `config`. */
  readonly widget?: HarkWidgetOptions;
  readonly children?: ReactNode;
}

/**
 * Creates one Hark client for the tree below it and shows its prompts.
 * The client starts after mount in the browser (server rendering renders the
 * children and nothing else), survives StrictMode's double mount as one
 * client, and is destroyed when the provider unmounts.
 */
export function HarkProvider({ config, widget, children }: HarkProviderProps) {
  // Creating the handle has no side effects, so StrictMode's double render is harmless.
  const [handle] = useState(() => createClientHandle(config, widget));
  useEffect(() => handle.mount(), [handle]);
  return createElement(HarkContext.Provider, { value: handle }, children);
}
