import { HarkError, toHarkError, type HarkClient, type HarkInitConfig, type HarkState, type Language } from '@hark/core';
import { createClient } from '@hark/core/boot';
import { createHost, type Host, type HostOptions } from '@hark/widget';
import type { ScriptDeliveryLoader, ScriptUiLoader } from '@hark/widget/script';
import { VERBS } from './methods.js';

/** `hark.init(config)`: core's config (surveys typed) and the options the script tag adds to it. */
export interface BrowserConfig extends HarkInitConfig {
  /** Passed to the widget: string overrides, CSP nonce, colour scheme. Its errors reach `on('error')`. */
  readonly widget?: Omit<HostOptions, 'loadUi' | 'loadLocale' | 'onError'>;
  /**
   * Where `hark-ui.min.js` is served; the language files and the delivery
   * file are fetched from the same folder. When `hark.min.js` was loaded with
   * an `integrity`, Hark fetches `hark-ui.sri.min.js` beside the
   * `hark-ui.min.js` named here (a file of another name is taken to be that
   * chunk, renamed). Default: next to the running `hark.min.js`. Set it when
   * the bundle is not loaded by a plain `<script src>` (a tag manager's
   * inline copy).
   */
  readonly uiUrl?: string;
  /**
   * The Trusted Types policy Hark creates, once per page, for the scripts it
   * injects; it lets through nothing but those. A page enforcing Trusted Types
   * lists it in its CSP: `trusted-types hark`. Default: `hark`.
   */
  readonly trustedTypesPolicy?: string;
}

type Verbs = Pick<HarkClient, keyof typeof VERBS>;

/** `window.hark`: the client's verbs, callable before `init` (held and replayed in order), never throwing into the page. */
export type Hark = Omit<Verbs, 'getState'> & {
  /** Creates the client and shows its prompts. A bad config is logged as a HarkError naming the field. */
  init(config: BrowserConfig): void;
  /** The client's state, or `null` before `init`. */
  getState(): HarkState | null;
  /**
   * Renders `surveyId` inline inside `container`, as page content: by its own
   * rules only, beside any floating prompt, with no focus taken. Works before
   * `init`. Returns the cleanup (which records nothing: only Close dismisses).
   */
  mountSurvey(container: Element, surveyId: string): () => void;
  /** Removes the widget, listeners and timers; `init` may be called again afterwards. */
  destroy(): void;
  /** The underlying client, once `init` has run. */
  client: HarkClient | null;
};

type Kind = (typeof VERBS)[keyof typeof VERBS];
type Held = { readonly verb: string; readonly args: unknown[]; readonly kind: Kind; settle?: (result: Promise<unknown>) => void; off?: () => void };

/** Hark's own faults outside a client: on the console, as a HarkError. */
export const logError = (error: unknown): void => console.error(toHarkError(error));
const safely = (fn: () => unknown): unknown => {
  try {
    return fn();
  } catch (error) {
    return logError(error);
  }
};

/**
 * Creates the script-tag facade, on `target` (the snippet's placeholder, so
 * references the page kept stay valid); the bundle installs one as
 * `window.hark`. `loadUi` fetches the UI and `loadDelivery` the client's
 * delivery code: the script tag's inject `hark-ui.min.js` and `hark-delivery.min.js`.
 */
export function createHark(loadUi: ScriptUiLoader, loadDelivery: ScriptDeliveryLoader, target: object = {}): Hark {
  let client: HarkClient | null = null;
  let host: Host | null = null;
  // The one queue: calls made before `init`, in order. Listeners and placements stay, to be attached to every client.
  const held = new Set<Held>();

  const run = (verb: string, args: unknown[]): unknown => {
    const result = safely(() => (verb === 'mountSurvey' ? host?.place(args[0] as Element, args[1] as string) : (client![verb as keyof Verbs] as (...a: unknown[]) => unknown)(...args)));
    // A prompt waiting on a UI that failed to load gets another fetch when the page asks again.
    if (verb === 'track' || verb === 'show') host?.retry();
    return result;
  };
  const attach = (call: Held) => {
    const result = run(call.verb, call.args);
    if (call.kind === 'listener') return void (call.off = typeof result === 'function' ? (result as () => void) : undefined);
    held.delete(call);
    call.settle?.(Promise.resolve(result));
  };
  // `subscribe` listeners hear the facade's own changes too: null → state on init, and back on destroy.
  const notify = () => held.forEach(({ verb, args }) => verb === 'subscribe' && safely(args[0] as () => void));

  const forward =
    (verb: string, kind: Kind) =>
    (...args: unknown[]): unknown => {
      if (kind === 'read') return client && run(verb, args);
      if (client && kind !== 'listener') return kind === 'promise' ? Promise.resolve(run(verb, args)) : void run(verb, args);
      const call: Held = { verb, args, kind };
      held.add(call);
      if (kind === 'listener') {
        if (client) attach(call);
        return () => {
          call.off?.();
          held.delete(call);
        };
      }
      if (kind === 'queue') return undefined;
      const promise = new Promise<unknown>((resolve) => (call.settle = resolve));
      // A page that ignores the promise must not get an unhandled rejection from the queue.
      promise.catch(() => undefined);
      return promise;
    };

  const hark = Object.assign(target, {
    client: null as HarkClient | null,
    mountSurvey: forward('mountSurvey', 'listener'),
    init(config: BrowserConfig) {
      if (client) return logError(new HarkError('invalid_config', 'init() was called twice; call destroy() first to re-initialise'));
      try {
        const { widget, uiUrl, trustedTypesPolicy, ...core } = config ?? ({} as BrowserConfig);
        if (trustedTypesPolicy !== undefined && typeof trustedTypesPolicy !== 'string') {
          throw new HarkError('invalid_config', 'trustedTypesPolicy must be a policy name, such as "hark"', { field: 'trustedTypesPolicy' });
        }
        const how = { nonce: widget?.nonce, url: uiUrl, trustedTypesPolicy };
        // Asks the client for the delivery code, which wires it; a client destroyed or replaced meanwhile asks for nothing.
        const wire = () => void (client && client === created && client.getDeliveryState().catch(() => undefined));
        // A delivery file given up on as too slow that comes after all is wired then: what waited for it is written.
        const delivery = () => loadDelivery({ ...how, late: wire });
        let created: HarkClient | null = null;
        // The delivery code (a file of its own, compiled lazily) follows the UI once the UI's first frame after the
        // client is ready is painted: a prompt never waits for it, nor shares its first frame with its compile (a
        // returning page, whose UI comes from the cache before storage has opened, would otherwise compile it while the
        // prompt waits for storage), and a page that goes offline after
        // its UI came still keeps the answer to a prompt it shows later. A prompt's `shown` asks for it too; an answer
        // given before it is there waits for it, and none is acknowledged until it is stored. It is asked for through
        // the client (reading the delivery state), which wires it: its online, page-hide and back/forward-cache
        // listeners send what other tabs leave queued, and a refusal is reported once. A client destroyed meanwhile
        // asks for nothing.
        const ui = (lang: string) =>
          loadUi({ ...how, lang }).then((module) => {
            const follow = () => requestAnimationFrame(() => setTimeout(wire));
            created?.ready.then(follow, follow);
            return module;
          });
        // Other languages' default questions come in their language file, which the UI chunk fetches for this client's strings.
        const loadQuestions = (lang: Language) => loadUi({ ...how, lang }).then((module) => module.questions(lang, created!));
        hark.client = client = created = createClient(core, { loadDelivery: delivery, loadQuestions });
        if (typeof document !== 'undefined') host = createHost(client, { ...widget, loadUi: ui });
        // The prompt's UI downloads and runs while storage opens, not after it.
        host?.preload();
      } catch (error) {
        client?.destroy();
        hark.client = client = host = null;
        return logError(error);
      }
      held.forEach(attach);
      notify();
    },
    destroy() {
      const dropped = new HarkError('destroyed', 'destroy() was called before init(); the queued call was dropped');
      for (const call of held) {
        call.off?.();
        call.off = undefined;
        if (call.kind === 'listener') continue;
        held.delete(call);
        call.settle?.(Promise.reject(dropped));
      }
      if (!client) return;
      client.destroy();
      hark.client = client = host = null;
      notify();
    },
  }) as Hark;
  for (const [verb, kind] of Object.entries(VERBS)) Object.assign(hark, { [verb]: forward(verb, kind) });
  return hark;
}
