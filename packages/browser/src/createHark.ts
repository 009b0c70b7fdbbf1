import { createClient, HarkError, toHarkError, type HarkClient, type HarkInitConfig, type HarkState } from '@hark/core';
import { createDeferredClient } from '../../core/src/client/deferredClient';
import type { Surfaces, WidgetOptions } from '@hark/widget';
import { importWidget } from './importWidget.js';
import { lazySurfaces, type LazySurfaces } from './lazySurfaces.js';
import { FORWARDED, type ForwardedMethod } from './methods.js';
import type { LoadUi } from './uiModule.js';

/** `hark.init(config)`: core's config (surveys typed) and the options the script tag adds to it. */
export interface BrowserConfig extends HarkInitConfig {
  /** Passed to the widget: string overrides, CSP nonce. Its errors reach `on('error')`. */
  readonly widget?: Omit<WidgetOptions, 'container' | 'onError'>;
  /**
   * Where the UI chunk `hark-ui.min.js` is served; the language files
   * (`hark-locale-de.min.js`…) are fetched from the same folder. Default: next
   * to the `hark.min.js` that is running. Set it when the bundle is not loaded
   * by a plain `<script src>` (a tag manager that evaluates it inline).
   */
  readonly uiUrl?: string;
  /**
   * The Trusted Types policy Hark creates, once per page, for the scripts it
   * injects (the UI chunk, the language files); it lets through nothing but
   * those. A page that enforces Trusted Types lists it in its CSP:
   * `trusted-types hark`. Default: `hark`.
   */
  readonly trustedTypesPolicy?: string;
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
   * Renders `surveyId` inline inside `container`, as page content: by its own
   * rules only, beside any floating prompt, with no focus taken. Works before
   * `init`. Returns the cleanup (which records nothing: only Close dismisses).
   */
  mountSurvey(container: Element, surveyId: string): () => void;
  /** Removes the widget, listeners and timers; `init` may be called again afterwards. */
  destroy(): void;
  /** The underlying client, once `init` has run. */
  readonly client: HarkClient | null;
};

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
  let surfaces: Surfaces | null = null;
  let ui: LazySurfaces | null = null;
  const placements = new Set<Placement>();
  const deferred = createDeferredClient(FORWARDED, {
    onFault: logError,
    // A prompt waiting on a UI that failed to load gets another fetch when the host asks again.
    afterCall: (verb) => (verb === 'track' || verb === 'show') && ui?.retry(),
  });

  // `subscribe` listeners hear the facade's own changes too: null → state on init, and back on destroy.
  const notifySubscribers = () => {
    for (const [fn] of deferred.listeners('subscribe')) {
      try {
        (fn as () => void)();
      } catch (error) {
        logError(error);
      }
    }
  };

  const place = (placement: Placement) => {
    if (surfaces) placement.remove = surfaces.addInline(placement.container, placement.surveyId);
  };

  const hark = {
    ...deferred.verbs,
    get client() {
      return deferred.client;
    },
    init(config: BrowserConfig) {
      if (deferred.client) {
        logError(new HarkError('invalid_config', 'init() was called twice; call destroy() first to re-initialise'));
        return;
      }
      let client: HarkClient | null = null;
      try {
        const { widget, uiUrl, trustedTypesPolicy, ...coreConfig } = config ?? ({} as BrowserConfig);
        if (trustedTypesPolicy !== undefined && typeof trustedTypesPolicy !== 'string') {
          throw new HarkError('invalid_config', 'trustedTypesPolicy must be a policy name, such as "hark"', { field: 'trustedTypesPolicy' });
        }
        client = createClient(coreConfig);
        if (typeof document !== 'undefined') {
          const onMount = (mounted: Surfaces) => {
            surfaces = mounted;
            for (const placement of placements) place(placement);
          };
          ui = lazySurfaces(client, { loadUi, widget, uiUrl, trustedTypesPolicy, onMount, onError: deferred.reportError });
          if (placements.size) ui.need();
        }
      } catch (error) {
        ui?.destroy();
        ui = null;
        client?.destroy();
        logError(error);
        return;
      }
      deferred.attach(client);
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
      const client = deferred.client;
      deferred.detach('destroy() was called before init(); the queued call was dropped');
      if (!client) return;
      client.destroy();
      notifySubscribers();
    },
  };
  return hark as unknown as Hark;
}
