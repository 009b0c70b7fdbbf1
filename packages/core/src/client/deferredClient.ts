import { HarkError, toHarkError } from '../errors.js';
import type { HarkClient } from './types.js';

/**
 * How a verb behaves while no client exists:
 * - `queue`: queued, replayed in order when a client is attached; returns nothing.
 * - `promise`: queued the same way; returns a promise of the replayed call's result.
 * - `listener`: kept across clients, attached to each one; returns the unsubscribe.
 * - `read`: answered by the client, or `null` without one.
 */
export type VerbKind = 'queue' | 'promise' | 'listener' | 'read';

/** Which client verbs to offer, and how each behaves before there is a client. */
export type VerbTable = Readonly<Partial<Record<keyof HarkClient, VerbKind>>>;

type Verb = (...args: unknown[]) => unknown;

/** Client verbs an adapter can hand out before its client exists (the script tag's `window.hark`, React's `useHark()`). */
export interface DeferredClient {
  /** One function per verb in the table; none throws into the page. */
  readonly verbs: Readonly<Record<string, Verb>>;
  /** The attached client, if any. */
  readonly client: HarkClient | null;
  /** Uses `client` from now on: attaches the listeners and replays the queue in order. */
  attach(client: HarkClient): void;
  /** Drops the client (the caller destroys it): unhooks the listeners and rejects queued promises with `destroyed` and `reason`. */
  detach(reason: string): void;
  /** The arguments of every listener registered through `verb` (`on`, `subscribe`). */
  listeners(verb: keyof HarkClient): unknown[][];
  /**
   * Tells the `on('error')` listeners about a fault of the adapter's own (the
   * UI or a language file failed to load), as the client tells its own; with
   * no listener, `onFault` hears it.
   */
  reportError(error: HarkError): void;
}

/** Where a deferred client's faults go, and a hook after each call. */
export interface DeferredClientOptions {
  /** Told about a verb that threw. Default: `console.error`. */
  readonly onFault?: (error: HarkError) => void;
  /** Runs after each call reaches the client (the script tag retries a failed UI load after `track` and `show`). */
  readonly afterCall?: (verb: keyof HarkClient) => void;
}

type Call = { readonly verb: keyof HarkClient; readonly args: unknown[]; settle?: (result: Promise<unknown>) => void };
type Listener = { readonly verb: keyof HarkClient; readonly args: unknown[]; off?: () => void };

/** Creates the verbs of `table`, queueing, keeping or answering `null` until a client is attached. */
export function createDeferredClient(table: VerbTable, options: DeferredClientOptions = {}): DeferredClient {
  const onFault = options.onFault ?? ((error: HarkError) => console.error(error));
  let client: HarkClient | null = null;
  const queue: Call[] = [];
  const listeners = new Set<Listener>();

  const invoke = (verb: keyof HarkClient, args: unknown[]): unknown => {
    if (!client) return undefined;
    try {
      return (client[verb] as Verb)(...args);
    } catch (error) {
      onFault(toHarkError(error));
      return undefined;
    } finally {
      options.afterCall?.(verb);
    }
  };

  const hook = (listener: Listener) => {
    const off = invoke(listener.verb, listener.args);
    listener.off = typeof off === 'function' ? (off as () => void) : undefined;
  };

  function verbFor(verb: keyof HarkClient, kind: VerbKind): Verb {
    if (kind === 'listener') {
      return (...args) => {
        const listener: Listener = { verb, args };
        listeners.add(listener);
        hook(listener);
        return () => {
          listener.off?.();
          listeners.delete(listener);
        };
      };
    }
    if (kind === 'read') return (...args) => (client ? invoke(verb, args) : null);
    return (...args) => {
      if (client) return kind === 'promise' ? Promise.resolve(invoke(verb, args)) : void invoke(verb, args);
      const call: Call = { verb, args };
      queue.push(call);
      if (kind === 'queue') return undefined;
      const promise = new Promise<unknown>((resolve) => (call.settle = resolve));
      // A host that ignores the promise must not get an unhandled rejection from our queue.
      promise.catch(() => undefined);
      return promise;
    };
  }

  const verbs = Object.fromEntries(Object.entries(table).map(([verb, kind]) => [verb, verbFor(verb as keyof HarkClient, kind!)]));

  return {
    verbs,
    get client() {
      return client;
    },
    attach(next) {
      client = next;
      listeners.forEach(hook);
      for (const { verb, args, settle } of queue.splice(0)) {
        // Called first: `settle?.(invoke(...))` would skip the call for a `queue` verb, which has no settle.
        const result = invoke(verb, args);
        settle?.(Promise.resolve(result));
      }
    },
    detach(reason) {
      listeners.forEach((listener) => {
        listener.off?.();
        listener.off = undefined;
      });
      client = null;
      const dropped = new HarkError('destroyed', reason);
      for (const { settle } of queue.splice(0)) settle?.(Promise.reject(dropped));
    },
    listeners: (verb) => [...listeners].filter((listener) => listener.verb === verb).map((listener) => listener.args),
    reportError(error) {
      const heard = [...listeners].filter(({ verb, args }) => verb === 'on' && args[0] === 'error' && typeof args[1] === 'function');
      for (const { args } of heard) {
        try {
          (args[1] as (error: HarkError) => void)(error);
        } catch (thrown) {
          onFault(toHarkError(thrown));
        }
      }
      if (!heard.length) onFault(error);
    },
  };
}
