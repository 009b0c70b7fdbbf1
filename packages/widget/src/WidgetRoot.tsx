import type { ActivePrompt, HarkClient } from '@hark/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { resolveStrings } from './i18n/resolveStrings';
import type { WidgetStrings } from './i18n/strings';
import { Prompt } from './Prompt';
import { LEAVE_MS } from './styles.css';
import { useClientState } from './useClientState';

/** Props of the widget's root. */
export interface WidgetRootProps {
  readonly client: HarkClient;
  readonly appStrings: Partial<WidgetStrings>;
  readonly position: string;
  readonly scheme: 'light' | 'dark' | undefined;
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * The client's prompt plus a polite live region that outlives it. A closed
 * prompt stays mounted, inert, for its exit animation (none with reduced motion).
 */
export function WidgetRoot({ client, appStrings, position, scheme }: WidgetRootProps) {
  const state = useClientState(client);
  const active = state.activePrompt;
  const last = useRef<ActivePrompt | null>(null);
  const [, rerender] = useState(0);
  if (active) last.current = active;
  const leaving = !active && last.current !== null;

  useEffect(() => {
    if (!leaving) return;
    const timer = setTimeout(() => {
      last.current = null;
      rerender((n) => n + 1);
    }, prefersReducedMotion() ? 0 : LEAVE_MS);
    return () => clearTimeout(timer);
  }, [leaving]);

  const prompt = active ?? last.current;
  const resolved = prompt ? resolveStrings(state.locale, prompt.survey, appStrings) : null;
  let announcement = '';
  if (active && resolved) announcement = active.phase === 'thanks' ? resolved.strings.thankYou : `${resolved.strings.announce}: ${active.question}`;
  return (
    <>
      {prompt && resolved && (
        <Prompt
          key={`${prompt.shownAt}:${prompt.survey.id}`}
          client={client}
          prompt={prompt}
          strings={resolved.strings}
          lang={resolved.lang}
          dir={resolved.dir}
          position={position}
          scheme={scheme}
          leaving={leaving}
        />
      )}
      <div class="sr-only" aria-live="polite" lang={resolved?.lang} dir={resolved?.dir}>
        {announcement}
      </div>
    </>
  );
}
