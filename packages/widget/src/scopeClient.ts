import type { ActivePrompt, HarkClient, HarkState } from '@hark/core';

/** A read-only view of a client that sees only some prompts, for one widget surface. */
export interface ScopedClient {
  /** Pass this to `mountWidget`: it renders only the prompts `accepts` lets through. */
  readonly view: HarkClient;
  /** Tells the surface to re-check `accepts`, which reads state that lives outside the client. */
  refresh(): void;
}

/**
 * Lets several widget surfaces share one client: the floating one hides the
 * surveys an inline surface has claimed, and each inline surface shows only
 * its own survey. `getState()` stays referentially stable between changes, as
 * `useSyncExternalStore` and the widget expect.
 */
export function scopeClient(client: HarkClient, accepts: (prompt: ActivePrompt) => boolean): ScopedClient {
  const listeners = new Set<() => void>();
  let version = 0;
  let seen: { state: HarkState; version: number; view: HarkState } | null = null;

  const getState = (): HarkState => {
    const state = client.getState();
    if (seen?.state !== state || seen.version !== version) {
      const prompt = state.activePrompt;
      seen = { state, version, view: !prompt || accepts(prompt) ? state : { ...state, activePrompt: null } };
    }
    return seen.view;
  };

  const subscribe = (fn: () => void) => {
    listeners.add(fn);
    const off = client.subscribe(fn);
    return () => {
      listeners.delete(fn);
      off();
    };
  };
  // Everything else is read through to the client, getters included, so the view never goes stale.
  const view = Object.create(client, { getState: { value: getState }, subscribe: { value: subscribe } }) as HarkClient;

  return {
    view,
    refresh() {
      version += 1;
      for (const fn of [...listeners]) fn();
    },
  };
}
