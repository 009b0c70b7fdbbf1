import { languageOf as baseLanguage, toHarkError, type HarkClient, type HarkError } from '@hark/core';
import type { Surfaces, WidgetOptions } from '@hark/widget';
import type { LoadUi, UiModule } from './uiModule.js';
import { whenIdle } from './whenIdle.js';

/** The widget of one client, fetched on idle or as soon as something must be shown. */
export interface LazySurfaces {
  /** Fetches and mounts the UI now, unless it is mounted or on its way. */
  need(): void;
  /** Retries a failed fetch when a prompt is waiting for the UI (the host triggered one again); also done when the network comes back. */
  retry(): void;
  /** Unmounts, and drops a fetch still in flight. */
  destroy(): void;
}

/** What `lazySurfaces` needs besides the client. */
export interface LazySurfacesOptions {
  readonly loadUi: LoadUi;
  readonly widget?: Omit<WidgetOptions, 'container' | 'onError'>;
  readonly uiUrl?: string;
  /** Name of the Trusted Types policy for the scripts the UI loader injects. */
  readonly trustedTypesPolicy?: string;
  /** Told once the widget is mounted, to place the inline surveys waiting for it. */
  readonly onMount: (surfaces: Surfaces) => void;
  /** Told when the UI (or a language's strings) cannot be fetched or mounted; the client keeps running. */
  readonly onError: (error: HarkError) => void;
}

/**
 * Keeps the UI out of the first download: preloads it when the page is idle,
 * and fetches it at once when a prompt becomes active first. The prompt is in
 * the client's state already, so the widget shows it the moment it mounts.
 */
export function lazySurfaces(client: HarkClient, options: LazySurfacesOptions): LazySurfaces {
  const { loadUi, widget, uiUrl, trustedTypesPolicy, onMount, onError } = options;
  let surfaces: Surfaces | null = null;
  let loading = false;
  let destroyed = false;
  let cancelMount: (() => void) | null = null;

  const mount = (mountSurfaces: UiModule['mountSurfaces']) => {
    cancelMount = null;
    try {
      surfaces = mountSurfaces(client, { ...widget, onError });
      onMount(surfaces);
    } catch (error) {
      onError(toHarkError(error));
    }
  };

  function need() {
    if (destroyed || surfaces || loading) return;
    loading = true;
    cancelIdle();
    let attempt: ReturnType<LoadUi>;
    try {
      attempt = loadUi({ nonce: widget?.nonce, url: uiUrl, lang: baseLanguage(client.getState().locale), trustedTypesPolicy });
    } catch (error) {
      attempt = Promise.reject(error);
    }
    attempt.then(
      (ui) => {
        loading = false;
        if (destroyed || surfaces) return;
        // `init` often runs from <head>, before <body> exists: the widget waits for it.
        if (document.body) return mount(ui.mountSurfaces);
        const onReady = () => mount(ui.mountSurfaces);
        document.addEventListener('DOMContentLoaded', onReady, { once: true });
        cancelMount = () => document.removeEventListener('DOMContentLoaded', onReady);
      },
      (error: unknown) => {
        loading = false;
        if (!destroyed) onError(toHarkError(error, 'ui_unavailable'));
      },
    );
  }

  const hasPrompt = () => client.getState().activePrompt !== null;
  const retry = () => hasPrompt() && need();
  let hadPrompt = hasPrompt();
  const unsubscribe = client.subscribe(() => {
    const active = hasPrompt();
    if (active && !hadPrompt) need();
    hadPrompt = active;
  });
  const cancelIdle = whenIdle(window, need);
  // A prompt whose UI could not be fetched offline shows once the network is back.
  window.addEventListener('online', retry);
  if (hadPrompt) need();

  return {
    need,
    retry,
    destroy() {
      destroyed = true;
      cancelIdle();
      window.removeEventListener('online', retry);
      cancelMount?.();
      unsubscribe();
      surfaces?.destroy();
      surfaces = null;
    },
  };
}
