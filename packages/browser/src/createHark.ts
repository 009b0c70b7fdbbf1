import { createClient, HarkError, toHarkError, type HarkClient, type HarkConfigInput, type HarkState } from '@hark/core';
import type { Surfaces, WidgetOptions } from '@hark/widget';
import { importWidget } from './importWidget';
import { lazySurfaces, type LazySurfaces } from './lazySurfaces';
import { FORWARDED, type ForwardedMethod } from './methods';
import type { LoadUi } from './uiModule';

/** Options the script tag adds to core's config. */
export interface BrowserConfig extends HarkConfigInput {
  /** Passed to the widget: string overrides, CSP nonce. Its errors reach `on('error')`. */
  readonly widget?: Omit<WidgetOptions, 'container' | 'onError'>;
  /**
   * Where the UI chunk `hark-ui.min.js` is served; the language files
   * (`hark-locale-de.min.js`…) are fetched from the same folder. Default: next
   * to the `hark.min.js` that is running. Set it when the bundle is not loaded
   * by a plain `<script src>` (a tag manager that evaluates it inline).
   */
  readonly uiUrl?: string;
}

type Verbs = Pick<HarkClient, ForwardedMethod>;

/**
 * `window.hark`: the client's verbs, callable before `init` (queued and
 * replayed in order) and never throwing into the page.
 */
export type Hark = Omit<Verbs, 'getState'> & {
  /** Creates the client and shows its prompts. A bad config is logged as a HarkError naming the field. */
  init(config: BrowserConfig): void;
  /** The client's state, or `null` before `init`. */
  getState(): HarkState | null;
  /**
   * Renders `surveyId` inline inside `container` and shows it (once per call),
   * instead of floating. Works before `init`. Returns the cleanup.
   */
  mountSurvey(container: Element, surveyId: string): () => void;
  /** Removes the widget, listeners and timers; `init` may be called again afterwards. */
  destroy(): void;
  /** The underlying client, once `init` has run. */
  readonly client: HarkClient | null;
};

type Queued = { readonly method: ForwardedMethod; readonly args: unknown[]; settle?(result: Promise<unknown>): void };
type Listener = { readonly method: ForwardedMethod; readonly args: unknown[]; off?: () => void };
type Placement = { readonly container: Element; readonly surveyId: string; remove?: () => void };

function logError(error: unknown) {
  console.error(toHarkError(error));
}

/**
 * Creates the script-tag facade; the bundle installs one as `window.hark`.
 * `loadUi` fetches the widget when it is first needed (default: a dynamic
 * `import('@hark/widget')`; the script-tag build injects `hark-ui.min.js`).
 */
export function createHark(loadUi: LoadUi = importWidget): Hark {
  let client: HarkClient | null = null;
  let surfaces: Surfaces | null = null;
  let ui: LazySurfaces | null = null;
  const queue: Queued[] = [];
  const listeners = new Set<Listener>();
  const placements = new Set<Placement>();

  const invoke = (method: ForwardedMethod, args: unknown[]): unknown => {
    if (!client) return undefined;
    try {
      return (client[method] as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      logError(error);
      return undefined;
    } finally {
      // A prompt waiting on a UI that failed to load gets another fetch when the host asks again.
      if (method === 'track' || method === 'show') ui?.retry();
    }
  };

  // The facade's own faults (the UI failed to load) reach the same `on('error')` listeners as the client's.
  const reportError = (error: HarkError) => {
    let heard = false;
    for (const { method, args } of [...listeners]) {
      if (method !== 'on' || args[0] !== 'error' || typeof args[1] !== 'function') continue;
      heard = true;
      try {
        (args[1] as (e: HarkError) => void)(error);
      } catch (thrown) {
        logError(thrown);
      }
    }
    if (!heard) logError(error);
  };

  const attach = (listener: Listener) => {
    const off = invoke(listener.method, listener.args);
    listener.off = typeof off === 'function' ? (off as () => void) : undefined;
  };

  // `subscribe` listeners hear the facade's own changes too: null → state on init, and back on destroy.
  const notifySubscribers = () => {
    for (const listener of [...listeners]) {
      if (listener.method !== 'subscribe') continue;
      try {
        (listener.args[0] as () => void)();
      } catch (error) {
        logError(error);
      }
    }
  };

  function forward(method: ForwardedMethod): (...args: unknown[]) => unknown {
    const kind = FORWARDED[method] as string;
    if (kind === 'listener') {
      return (...args) => {
        const listener: Listener = { method, args };
        listeners.add(listener);
        attach(listener);
        return () => {
          listener.off?.();
          listeners.delete(listener);
        };
      };
    }
    if (kind === 'read') return (...args) => (client ? invoke(method, args) : null);
    return (...args) => {
      if (client) return kind === 'promise' ? Promise.resolve(invoke(method, args)) : void invoke(method, args);
      const entry: Queued = { method, args };
      queue.push(entry);
      if (kind !== 'promise') return undefined;
      const promise = new Promise<unknown>((resolve) => (entry.settle = resolve));
      // A host that ignores the promise must not get an unhandled rejection from our queue.
      promise.catch(() => undefined);
      return promise;
    };
  }

  const verbs = Object.fromEntries(Object.keys(FORWARDED).map((method) => [method, forward(method as ForwardedMethod)]));

  const place = (placement: Placement) => {
    if (surfaces) placement.remove = surfaces.addInline(placement.container, placement.surveyId);
  };

  const hark = {
    ...verbs,
    get client() {
      return client;
    },
    init(config: BrowserConfig) {
      if (client) {
        logError(new HarkError('invalid_config', 'init() was called twice; call destroy() first to re-initialise'));
        return;
      }
      try {
        const { widget, uiUrl, ...coreConfig } = config ?? ({} as BrowserConfig);
        client = createClient(coreConfig);
        for (const listener of listeners) attach(listener);
        if (typeof document !== 'undefined') {
          const onMount = (mounted: Surfaces) => {
            surfaces = mounted;
            for (const placement of placements) place(placement);
          };
          ui = lazySurfaces(client, { loadUi, widget, uiUrl, onMount, onError: reportError });
          if (placements.size) ui.need();
        }
      } catch (error) {
        ui?.destroy();
        ui = null;
        client?.destroy();
        client = null;
        logError(error);
        return;
      }
      for (const { method, args, settle } of queue.splice(0)) {
        const result = invoke(method, args);
        settle?.(Promise.resolve(result));
      }
      notifySubscribers();
    },
    mountSurvey(container: Element, surveyId: string) {
      const placement: Placement = { container, surveyId };
      placements.add(placement);
      place(placement);
      ui?.need();
      return () => {
        placement.remove?.();
        placements.delete(placement);
      };
    },
    destroy() {
      for (const placement of placements) placement.remove = undefined;
      ui?.destroy();
      ui = null;
      surfaces = null;
      for (const listener of listeners) listener.off?.();
      const destroyed = new HarkError('destroyed', 'destroy() was called before init(); the queued call was dropped');
      for (const { settle } of queue.splice(0)) settle?.(Promise.reject(destroyed));
      if (!client) return;
      client.destroy();
      client = null;
      notifySubscribers();
    },
  };
  return hark as unknown as Hark;
}
