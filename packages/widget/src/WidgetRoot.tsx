import { languageOf, type ActivePrompt, type HarkClient, type HarkState } from '@hark/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { directionOf } from './i18n/languages.js';
import { resolveStrings } from './i18n/resolveStrings.js';
import { EN, type WidgetStrings } from './i18n/strings.js';
import { Prompt } from './Prompt.js';
import { LEAVE_MS } from './styles.css.js';
import { useClientState } from './useClientState.js';

/** Picks the prompt a surface renders from the client's state: the floating one, or one inline survey. */
export type SelectPrompt = (state: HarkState) => ActivePrompt | null;

/** Props of the widget's root. */
export interface WidgetRootProps {
  readonly client: HarkClient;
  readonly select: SelectPrompt;
  readonly appStrings: Partial<WidgetStrings>;
  readonly position: string;
  readonly scheme: 'light' | 'dark' | undefined;
  /** The built-in strings of a language; never rejects (see `localeStrings`). */
  readonly loadStrings: (lang: string) => Promise<WidgetStrings>;
}

/**
 * The built-in strings of `lang`, or `null` while they load. The client's
 * locale is known from the start, so this runs as soon as the widget mounts,
 * usually long before the first prompt.
 */
function useBuiltInStrings(lang: string, loadStrings: (lang: string) => Promise<WidgetStrings>): WidgetStrings | null {
  const [loaded, setLoaded] = useState<{ readonly lang: string; readonly strings: WidgetStrings } | null>(null);
  useEffect(() => {
    if (lang === 'en') return;
    let current = true;
    void loadStrings(lang).then((strings) => current && setLoaded({ lang, strings }));
    return () => {
      current = false;
    };
  }, [lang, loadStrings]);
  if (lang === 'en') return EN;
  return loaded?.lang === lang ? loaded.strings : null;
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * The selected prompt plus a polite live region that outlives it. A closed
 * prompt stays mounted, inert, for its exit animation (none with reduced motion).
 * A prompt waits for its language's strings, so it first appears fully translated.
 * An inline survey is page content: its arrival is not announced, its thanks is.
 */
export function WidgetRoot({ client, select, appStrings, position, scheme, loadStrings }: WidgetRootProps) {
  const state = useClientState(client);
  const lang = languageOf(state.locale);
  const dir = directionOf(state.locale);
  const builtIn = useBuiltInStrings(lang, loadStrings);
  const active = select(state);
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
  const strings = prompt && builtIn ? resolveStrings(builtIn, prompt.survey, appStrings) : null;
  let announcement = '';
  if (active && strings && active.phase === 'thanks') announcement = strings.thankYou;
  else if (active && strings && active.phase !== 'answered' && active.placement === 'floating') announcement = `${strings.announce}: ${active.question}`;
  return (
    <>
      {prompt && strings && (
        <Prompt
          key={prompt.id}
          client={client}
          prompt={prompt}
          strings={strings}
          lang={lang}
          dir={dir}
          position={position}
          scheme={scheme}
          leaving={leaving}
        />
      )}
      <div class="sr-only" aria-live="polite" lang={strings ? lang : undefined} dir={strings ? dir : undefined}>
        {announcement}
      </div>
    </>
  );
}
