import { createClient, HarkError, toHarkError, type HarkClient, type HarkConfigInput, type HarkEvents } from '@hark/core';
import { mountWidget, type WidgetOptions } from '@hark/widget';

/** Options the script tag adds to core's config. */
export interface BrowserConfig extends HarkConfigInput {
  /** Passed to the widget: inline container, string overrides, CSP nonce. */
  readonly widget?: WidgetOptions;
}

/** `window.hark`: the client's verbs, callable before `init` (queued) and never throwing. */
export interface Hark {
  init(config: BrowserConfig): void;
  identify(userId: string | null, attributes?: Record<string, unknown>): void;
  track(event: string, props?: Record<string, unknown>): void;
  show(surveyId: string): void;
  dismiss(): void;
  on<K extends keyof HarkEvents>(event: K, fn: (payload: HarkEvents[K]) => void): () => void;
  flush(): Promise<unknown>;
  reset(): Promise<void>;
  destroy(): void;
  /** The underlying client, once `init` has run. */
  readonly client: HarkClient | null;
}

type Queued = { readonly method: 'identify' | 'track' | 'show' | 'dismiss'; readonly args: unknown[] };

function logError(error: unknown) {
  console.error(toHarkError(error));
}

/**
 * Creates the script-tag facade. Calls made before `init` are queued and
 * replayed in order; a bad config is logged as a HarkError naming the field.
 */
export function createHark(): Hark {
  let client: HarkClient | null = null;
  let unmount: (() => void) | null = null;
  const queue: Queued[] = [];
  const listeners: Array<{ event: keyof HarkEvents; fn: (payload: never) => void; off?: () => void }> = [];

  function call(method: Queued['method'], args: unknown[]) {
    if (!client) {
      queue.push({ method, args });
      return;
    }
    try {
      (client[method] as (...a: unknown[]) => void)(...args);
    } catch (error) {
      logError(error);
    }
  }

  const hark: Hark = {
    get client() {
      return client;
    },
    init(config) {
      if (client) {
        logError(new HarkError('invalid_config', 'init() was called twice; call destroy() first to re-initialise'));
        return;
      }
      try {
        const { widget, ...coreConfig } = config ?? ({} as BrowserConfig);
        client = createClient(coreConfig);
        for (const listener of listeners) listener.off = client.on(listener.event, listener.fn as never);
        if (typeof document !== 'undefined') unmount = mountWidget(client, widget);
      } catch (error) {
        client = null;
        logError(error);
        return;
      }
      for (const { method, args } of queue.splice(0)) call(method, args);
    },
    identify: (...args) => call('identify', args),
    track: (...args) => call('track', args),
    show: (...args) => call('show', args),
    dismiss: () => call('dismiss', []),
    on(event, fn) {
      const listener: (typeof listeners)[number] = { event, fn: fn as (payload: never) => void };
      listeners.push(listener);
      if (client) listener.off = client.on(event, fn);
      return () => {
        listener.off?.();
        listeners.splice(listeners.indexOf(listener), 1);
      };
    },
    flush: () => (client ? client.flush() : Promise.resolve({ status: 'empty' })),
    reset: () => (client ? client.reset() : Promise.resolve()),
    destroy() {
      unmount?.();
      unmount = null;
      client?.destroy();
      client = null;
      queue.length = 0;
    },
  };
  return hark;
}
