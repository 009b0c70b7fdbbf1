import type { HarkClient } from '@hark/core';
import { renderWidget, stringsLoader, type SurfaceOptions } from './mountWidget.js';

/** The widget surfaces of one client: one floating, plus any inline ones. */
export interface Surfaces {
  /** Places `surveyId` in the page (`client.place`) and renders it inside `container`; returns the cleanup. */
  addInline(container: Element, surveyId: string): () => void;
  /** Removes every surface (the client is being destroyed). */
  destroy(): void;
}

/**
 * Mounts the floating widget for `client`, and inline surfaces that each
 * render one placed survey. Core decides what each shows; an inline survey
 * is page content, so it neither waits for nor blocks the floating prompt.
 * Another language's strings come from `options.loadLocale`.
 */
export function renderSurfaces(client: HarkClient, options: SurfaceOptions): Surfaces {
  const loadStrings = stringsLoader(options);
  const unmountFloating = renderWidget(client, options, loadStrings);
  const inlineCleanups = new Set<() => void>();

  function addInline(container: Element, surveyId: string): () => void {
    const release = client.place(surveyId);
    const unmount = renderWidget(client, { ...options, container }, loadStrings, (state) => state.inlinePrompts[surveyId] ?? null);
    const cleanup = () => {
      if (!inlineCleanups.delete(cleanup)) return;
      unmount();
      release();
    };
    inlineCleanups.add(cleanup);
    return cleanup;
  }

  return {
    addInline,
    destroy() {
      for (const cleanup of [...inlineCleanups]) cleanup();
      unmountFloating();
    },
  };
}
