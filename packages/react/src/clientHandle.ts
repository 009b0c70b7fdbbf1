import { createClient, HarkError, toHarkError, type HarkClient, type HarkState } from '@hark/core';
import { mountSurfaces, type Surfaces, type WidgetOptions } from '@hark/widget';
import type { HarkReactConfig } from './config';

/**
 * The verbs `useHark()` returns and how each behaves before the client exists
 * (`queue`d and replayed in order, a `promise` of the replayed result, a
 * `listener` kept across the client's life, or a `read` answered with `null`).
 * Forwarding a new core verb is one line here, e.g. `consent: 'queue'` or
 * `getDeliveryState: 'read'`.
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

type Call = { method: keyof typeof VERBS; args: unknown[]; settle?: (result: Promise<unknown>) => void };
type Listener = { args: unknown[]; off?: () => void };
type Placement = { container: Element; surveyId: string; remove?: () => void; leaving?: boolean };

// Release and removal wait one microtask, so StrictMode's unmount-and-remount makes one client and no stray records.
const later = (fn: () => void) => void Promise.resolve().then(fn);

/** Creates the handle; nothing happens until `mount()`, so it is safe to create during render and on the server. */
export function createClientHandle(config: HarkReactConfig, widget?: Omit<WidgetOptions, 'container'>): ClientHandle {
  let client: HarkClient | null = null;
  let surfaces: Surfaces | null = null;
  let mounts = 0;
  const queue: Call[] = [];
  const listeners = new Set<Listener>();
  const subscribers = new Set<() => void>();
  const placements = new Set<Placement>();

  const notify = () => subscribers.forEach((fn) => fn());
  const attach = (listener: Listener) => {
    listener.off = (client!.on as (...a: unknown[]) => () => void)(...listener.args);
  };
  const invoke = (method: Call['method'], args: unknown[]): unknown => {
    try {
      return (client![method] as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      console.error(toHarkError(error));
      return undefined;
    }
  };
  const show = (placement: Placement) => {
    if (surfaces && !placement.remove) placement.remove = surfaces.addInline(placement.container, placement.surveyId);
  };

  function forward(method: Call['method']) {
    const kind: string = VERBS[method];
    if (kind === 'listener') {
      return (...args: unknown[]) => {
        const listener: Listener = { args };
        listeners.add(listener);
        if (client) attach(listener);
        return () => {
          listener.off?.();
          listeners.delete(listener);
        };
      };
    }
    if (kind === 'read') return (...args: unknown[]) => (client ? invoke(method, args) : null);
    return (...args: unknown[]) => {
      if (client) return kind === 'promise' ? Promise.resolve(invoke(method, args)) : void invoke(method, args);
      const call: Call = { method, args };
      queue.push(call);
      if (kind !== 'promise') return undefined;
      const promise = new Promise<unknown>((resolve) => (call.settle = resolve));
      promise.catch(() => undefined);
      return promise;
    };
  }

  const verbs = Object.fromEntries(Object.keys(VERBS).map((method) => [method, forward(method as Call['method'])]));
  Object.defineProperty(verbs, 'client', { get: () => client, enumerable: true });

  function create() {
    try {
      client = createClient(config);
      surfaces = mountSurfaces(client, widget);
    } catch (error) {
      client = null;
      console.error(toHarkError(error));
      return;
    }
    const created = client;
    created.subscribe(notify);
    listeners.forEach(attach);
    placements.forEach(show);
    for (const { method, args, settle } of queue.splice(0)) {
      const result = invoke(method, args);
      settle?.(Promise.resolve(result));
    }
    notify();
  }

  function destroy() {
    surfaces?.destroy();
    surfaces = null;
    placements.forEach((placement) => (placement.remove = undefined));
    listeners.forEach((listener) => (listener.off = undefined));
    client?.destroy();
    client = null;
    const dropped = new HarkError('destroyed', 'the <HarkProvider> unmounted before its client started; the call was dropped');
    for (const { settle } of queue.splice(0)) settle?.(Promise.reject(dropped));
    notify();
  }

  return {
    verbs: verbs as unknown as HarkVerbs,
    getState: () => (client ? client.getState() : null),
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
    mount() {
      mounts += 1;
      if (mounts === 1 && !client) create();
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
