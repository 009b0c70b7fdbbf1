import { languageOf, toHarkError, type HarkClient, type HarkError, type Language } from '@hark/core';
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

/** `createHost`'s options: the widget's, and how the UI is fetched. */
export interface HostOptions extends Omit<WidgetOptions, 'container'> {
  /** Default: `import('@hark/widget/ui')`, which an app's bundler splits into a chunk of its own. */
  readonly loadUi?: LoadUi;
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
  /** Fetches the UI again if a prompt is waiting for one that failed to load. */
  retry(): void;
  /** Removes the UI and the placements; done by itself when the client is destroyed. */
  destroy(): void;
}

type Placement = { readonly container: Element; readonly surveyId: string; remove?: () => void; leaving?: boolean };

const importUi: LoadUi = () => import('./ui.js');

/**
 * The one widget host every adapter uses. It keeps the UI out of the first
 * download: preloads it when the page is idle, and fetches it at once when a
 * prompt becomes due or a survey is placed. The prompt is in the client's
 * state already, so it shows the moment the UI mounts. Creating a host has no
 * side effects until its client has started (a React provider creates one
 * during render), and it removes itself when the client is destroyed.
 */
export function createHost(client: HarkClient, options: HostOptions = {}): Host {
  const { loadUi = importUi, ...widget } = options;
  const onError = widget.onError ?? ((error: HarkError) => client.reportError(error));
  const placements = new Set<Placement>();
  let surfaces: Surfaces | null = null;
  let loading = false;
  let destroyed = false;
  const stops: Array<() => void> = [];

  const show = (placement: Placement) => {
    if (surfaces && !placement.remove) placement.remove = surfaces.addInline(placement.container, placement.surveyId);
  };

  const mount = (ui: UiModule) => {
    try {
      surfaces = ui.mountSurfaces(client, { ...widget, onError });
      placements.forEach(show);
    } catch (error) {
      onError(toHarkError(error));
    }
  };

  function need() {
    if (destroyed || surfaces || loading) return;
    loading = true;
    let attempt: Promise<UiModule>;
    try {
      attempt = loadUi(languageOf(client.getState().locale));
    } catch (error) {
      attempt = Promise.reject(error);
    }
    attempt.then(
      (ui) => {
        loading = false;
        if (destroyed || surfaces) return;
        // A script in <head> may start Hark before <body> exists: the widget waits for it.
        if (document.body) return mount(ui);
        const onReady = () => mount(ui);
        document.addEventListener('DOMContentLoaded', onReady, { once: true });
        stops.push(() => document.removeEventListener('DOMContentLoaded', onReady));
      },
      (error: unknown) => {
        loading = false;
        if (!destroyed) onError(toHarkError(error, 'ui_unavailable'));
      },
    );
  }

  const waiting = () => client.getState().activePrompt !== null;
  const retry = () => waiting() && need();
  let armed = false;
  let hadPrompt = false;

  function destroy() {
    if (destroyed) return;
    destroyed = true;
    for (const stop of stops.splice(0)) stop();
    placements.clear();
    surfaces?.destroy();
    surfaces = null;
  }

  function onChange() {
    const { status } = client.getState();
    if (status === 'destroyed') return destroy();
    if (status === 'ready' && !armed) {
      armed = true;
      stops.push(whenIdle(window, need));
      // A prompt whose UI could not be fetched offline shows once the network is back.
      window.addEventListener('online', retry);
      stops.push(() => window.removeEventListener('online', retry));
    }
    const active = waiting();
    if (active && !hadPrompt) need();
    hadPrompt = active;
  }
  stops.push(client.subscribe(onChange));
  onChange();

  return {
    place(container, surveyId) {
      for (const placement of placements) {
        if (placement.leaving && placement.container === container && placement.surveyId === surveyId) {
          placement.leaving = false;
          return () => leave(placement);
        }
      }
      const placement: Placement = { container, surveyId };
      if (destroyed) return () => undefined;
      placements.add(placement);
      show(placement);
      need();
      return () => leave(placement);
    },
    retry,
    destroy,
  };

  function leave(placement: Placement) {
    placement.leaving = true;
    void Promise.resolve().then(() => {
      if (!placement.leaving || !placements.delete(placement)) return;
      placement.remove?.();
    });
  }
}
