import { createClient, toHarkError, type HarkClient, type HarkState } from '@hark/core';
import { createDeferredClient } from '../../core/src/client/deferredClient';
import { mountSurfaces, type Surfaces, type WidgetOptions } from '@hark/widget';
import type { HarkReactConfig } from './config.js';

/**
 * The verbs `useHark()` returns and how each behaves before the client exists
 * (core's `createDeferredClient`). Forwarding a new core verb is one line here,
 * e.g. `consent: 'queue'` or `getDeliveryState: 'read'`.
 */
export const VERBS = {
  identify: 'queue',
  track: 'queue',
  show: 'queue',
  dismiss: 'queue',
  consent: 'queue',
  submit: 'promise',
  flush: 'promise',
  reset: 'promise',
  on: 'listener',
} as const;

/** What `useHark()` returns: the client's verbs, safe to call from the first render on. */
export type HarkVerbs = Pick<HarkClient, keyof typeof VERBS> & {
  /** The client, once the provider has mounted in the browser; `null` before and during SSR. */
  readonly client: HarkClient | null;
};

/** One provider's client, created on first mount and destroyed after the last unmount. */
export interface ClientHandle {
  readonly verbs: HarkVerbs;
  getState(): HarkState | null;
  subscribe(fn: () => void): () => void;
  /** The provider's effect: creates the client if needed; returns the release. */
  mount(): () => void;
  /** Renders `surveyId` inside `container`; returns the cleanup. Works before the client exists. */
  place(container: Element, surveyId: string): () => void;
}

type Placement = { container: Element; surveyId: string; remove?: () => void; leaving?: boolean };

// Release and removal wait one microtask, so StrictMode's unmount-and-remount makes one client and no stray records.
const later = (fn: () => void) => void Promise.resolve().then(fn);

/** Creates the handle; nothing happens until `mount()`, so it is safe to create during render and on the server. */
export function createClientHandle(config: HarkReactConfig, widget?: Omit<WidgetOptions, 'container'>): ClientHandle {
  let surfaces: Surfaces | null = null;
  let mounts = 0;
  const deferred = createDeferredClient(VERBS);
  const subscribers = new Set<() => void>();
  const placements = new Set<Placement>();

  const notify = () => subscribers.forEach((fn) => fn());
  const show = (placement: Placement) => {
    if (surfaces && !placement.remove) placement.remove = surfaces.addInline(placement.container, placement.surveyId);
  };

  const verbs = { ...deferred.verbs };
  Object.defineProperty(verbs, 'client', { get: () => deferred.client, enumerable: true });

  function create() {
    let client: HarkClient | null = null;
    try {
      client = createClient(config);
      // A language file that fails to load reaches on('error') listeners, unless the app passed its own onError.
      surfaces = mountSurfaces(client, { onError: deferred.reportError, ...widget });
    } catch (error) {
      client?.destroy();
      console.error(toHarkError(error));
      return;
    }
    client.subscribe(notify);
    placements.forEach(show);
    deferred.attach(client);
    notify();
  }

  function destroy() {
    surfaces?.destroy();
    surfaces = null;
    placements.forEach((placement) => (placement.remove = undefined));
    const client = deferred.client;
    deferred.detach('the <HarkProvider> unmounted before its client started; the call was dropped');
    client?.destroy();
    notify();
  }

  return {
    verbs: verbs as unknown as HarkVerbs,
    getState: () => deferred.client?.getState() ?? null,
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
    mount() {
      mounts += 1;
      if (mounts === 1 && !deferred.client) create();
      return () => {
        mounts -= 1;
        later(() => mounts === 0 && destroy());
      };
    },
    place(container, surveyId) {
      // A StrictMode remount of the same element takes back a placement still waiting to leave.
      for (const placement of placements) {
        if (placement.leaving && placement.container === container && placement.surveyId === surveyId) {
          placement.leaving = false;
          return () => leave(placement);
        }
      }
      const placement: Placement = { container, surveyId };
      placements.add(placement);
      show(placement);
      return () => leave(placement);
    },
  };

  function leave(placement: Placement) {
    placement.leaving = true;
    later(() => {
      if (!placement.leaving) return;
      placements.delete(placement);
      placement.remove?.();
    });
  }
}
