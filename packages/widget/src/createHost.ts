import { languageOf, mayPromptOn, toHarkError, type HarkClient, type Language } from '@hark/core';
import type { WidgetOptions } from './mountWidget.js';
import type { Surfaces } from './renderSurfaces.js';
import { whenIdle } from './whenIdle.js';

/** What a UI loader resolves with: the prompt's surfaces (`@hark/widget/ui`, or the script tag's UI chunk). */
export interface UiModule {
  readonly mountSurfaces: (client: HarkClient, options: WidgetOptions) => Surfaces;
}

/**
 * Fetches the UI, for a client whose first prompt will speak `lang`. Called
 * at most once at a time; after a rejection (reported through `onError`) it
 * is called again when a prompt or a placement needs the UI, or the network is back.
 */
export type LoadUi = (lang: Language) => Promise<UiModule>;

/** `createHost`'s options: how the UI is fetched, and the widget's options. */
export interface HostOptions extends Omit<WidgetOptions, 'container'> {
  /**
   * Fetches the UI. In an app: `() => import('@hark/widget/ui')`, which its
   * bundler splits into a chunk of its own; the script tag passes its script loader.
   */
  readonly loadUi: LoadUi;
}

/** The widget of one client: its placements and the UI, loaded when needed. */
export interface Host {
  /**
   * Renders `surveyId` inline inside `container` (page content: its own rules,
   * no focus taken), as soon as the UI is there. Returns the cleanup, which
   * records nothing and waits a microtask, so a remount of the same container
   * (StrictMode, a moved element) keeps the survey as it is.
   */
  place(container: Element, surveyId: string): () => void;
  /**
   * Fetches the UI now when a configured survey could prompt on this page
   * (`mayPromptOn`), so its download and run overlap the client's start
   * (storage opening) instead of following it. Adapters call it once their
   * client has started.
   */
  preload(): void;
  /** Fetches the UI again if a prompt is waiting for one that failed to load. */
  retry(): void;
  /** Removes the UI and the placements; done by itself when the client is destroyed. */
  destroy(): void;
}

type Placement = { readonly container: Element; readonly surveyId: string; remove?: () => void; leaving?: boolean };

/**
 * The one widget host every adapter uses. It keeps the UI out of the first
 * download of a page where no survey can prompt: there it preloads the UI when
 * the page is idle, and fetches it at once when a prompt becomes due or a
 * survey is placed; `preload()` fetches it at start where one can. The prompt is in the client's
 * state already, so it shows the moment the UI mounts. Creating a host has no
 * side effects until its client has started (a React provider creates one
 * during render), and it removes itself when the client is destroyed.
 */
export function createHost(client: HarkClient, options: HostOptions): Host {
  const { loadUi, ...widget } = options;
  const onError = widget.onError ?? client.reportError;
  const placements = new Set<Placement>();
  const stops: Array<() => void> = [];
  let surfaces: Surfaces | null = null;
  let loading = false;
  let destroyed = false;
  let armed = false;
  let hadPrompt = false;

  const show = (placement: Placement) => {
    if (surfaces) placement.remove = surfaces.addInline(placement.container, placement.surveyId);
  };
  const mount = (ui: UiModule) => {
    try {
      surfaces = ui.mountSurfaces(client, { ...widget, onError });
      placements.forEach(show);
    } catch (error) {
      onError(toHarkError(error));
    }
  };
  const listen = (target: EventTarget, type: string, fn: () => void) => {
    target.addEventListener(type, fn);
    stops.push(() => target.removeEventListener(type, fn));
  };
  const need = () => {
    if (destroyed || surfaces || loading) return;
    loading = true;
    new Promise<UiModule>((resolve) => resolve(loadUi(languageOf(client.getState().locale)))).then(
      (ui) => {
        loading = false;
        if (destroyed || surfaces) return;
        // A script in <head> may start Hark before <body> exists: the widget waits for it.
        if (document.body) mount(ui);
        else listen(document, 'DOMContentLoaded', () => mount(ui));
      },
      (error: unknown) => {
        loading = false;
        if (!destroyed) onError(toHarkError(error, 'ui_unavailable'));
      },
    );
  };
  const retry = () => client.getState().activePrompt !== null && need();
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    for (const stop of stops.splice(0)) stop();
    surfaces?.destroy();
    surfaces = null;
  };
  const onChange = () => {
    const { status, activePrompt } = client.getState();
    if (status === 'destroyed') return destroy();
    if (status === 'ready' && !armed) {
      armed = true;
      stops.push(whenIdle(window, need));
      // A prompt whose UI could not be fetched offline shows once the network is back.
      listen(window, 'online', retry);
    }
    if (activePrompt && !hadPrompt) need();
    hadPrompt = !!activePrompt;
  };
  stops.push(client.subscribe(onChange));
  onChange();

  const leave = (placement: Placement) => {
    placement.leaving = true;
    void Promise.resolve().then(() => placement.leaving && placements.delete(placement) && placement.remove?.());
  };
  return {
    place(container, surveyId) {
      let placement = [...placements].find((held) => held.leaving && held.container === container && held.surveyId === surveyId);
      if (placement) placement.leaving = false;
      else if (!destroyed) {
        placements.add((placement = { container, surveyId }));
        show(placement);
        need();
      }
      return () => placement && leave(placement);
    },
    preload: () => mayPromptOn(client.config, location.href) && need(),
    retry,
    destroy,
  };
}
