import { createElement, useContext, useEffect, useRef } from 'react';
import { HarkContext } from './HarkProvider.js';

/** Props of `<Survey>`. */
export interface SurveyProps {
  /** The id of a survey in the provider's config. */
  readonly id: string;
  /**
   * `true`: render the survey here, inside the React tree, instead of floating.
   * `false` (the default): show it as the usual floating prompt when this mounts.
   */
  readonly inline?: boolean;
  /** Class of the inline container. */
  readonly className?: string;
}

/**
 * Shows a survey when it mounts: inline where it is placed (page content:
 * its own rules, no focus taken, its thank-you kept once answered), or floating.
 * Rendering goes through the widget (in a shadow root inside the container);
 * on the server and before hydration the container is empty.
 */
export function Survey({ id, inline = false, className }: SurveyProps) {
  const hark = useContext(HarkContext);
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!hark) return undefined;
    if (!inline) return void hark.client.show(id);
    return container.current ? hark.host.place(container.current, id) : undefined;
  }, [hark, id, inline]);
  return inline ? createElement('div', { ref: container, className, 'data-hark-survey': id }) : null;
}
