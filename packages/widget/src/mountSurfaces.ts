import type { HarkClient } from '@hark/core';
import { renderWidget, stringsLoader, type WidgetOptions } from './mountWidget.js';
import { scopeClient } from './scopeClient.js';

/** The widget surfaces of one client: one floating, plus any inline ones. */
export interface Surfaces {
  /** Renders `surveyId` inside `container` and shows it; returns the cleanup. */
  addInline(container: Element, surveyId: string): () => void;
  /** Removes every surface, leaving the client's state alone (it is being destroyed). */
  destroy(): void;
}

/**
 * Mounts the floating widget for `client` and lets inline surfaces claim
 * surveys, so a claimed survey renders where its element is and nowhere else.
 */
export function mountSurfaces(client: HarkClient, options: WidgetOptions = {}): Surfaces {
  const claims = new Map<string, number>();
  const loadStrings = stringsLoader(options);
  const floating = scopeClient(client, (prompt) => !claims.has(prompt.survey.id));
  const unmountFloating = renderWidget(floating.view, options, loadStrings);
  const inlineCleanups = new Set<(leaving?: boolean) => void>();

  function claim(surveyId: string, delta: 1 | -1) {
    const count = (claims.get(surveyId) ?? 0) + delta;
    if (count > 0) claims.set(surveyId, count);
    else claims.delete(surveyId);
    floating.refresh();
  }

  function addInline(container: Element, surveyId: string): () => void {
    claim(surveyId, 1);
    const inline = scopeClient(client, (prompt) => prompt.survey.id === surveyId);
    const unmount = renderWidget(inline.view, { ...options, container }, loadStrings);
    const isOurs = () => client.getState().activePrompt?.survey.id === surveyId;
    // Shown once per placement: another prompt on screen only postpones it until that one closes.
    // `requested` guards against asking twice while core holds the call (before it is ready).
    let shown = isOurs();
    let requested = false;
    const tryShow = () => {
      if (shown || requested || client.getState().activePrompt !== null) return;
      requested = true;
      client.show(surveyId);
    };
    const unsubscribe = client.subscribe(() => {
      const active = client.getState().activePrompt;
      if (active?.survey.id === surveyId) shown = true;
      // Another prompt won the race (ours was dropped): ask again once it closes.
      else if (active) requested = false;
      else tryShow();
    });
    tryShow();

    const cleanup = (leaving = true) => {
      if (!inlineCleanups.delete(cleanup)) return;
      unsubscribe();
      // The element left the page: its prompt must not reappear floating elsewhere.
      if (leaving && isOurs() && client.getState().activePrompt?.phase === 'asking') client.dismiss();
      unmount();
      claim(surveyId, -1);
    };
    inlineCleanups.add(cleanup);
    return () => cleanup();
  }

  return {
    addInline,
    destroy() {
      for (const cleanup of [...inlineCleanups]) cleanup(false);
      unmountFloating();
    },
  };
}
