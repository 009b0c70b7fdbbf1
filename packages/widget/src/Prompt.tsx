import { categorize, type ActivePrompt, type HarkClient } from '@hark/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { FollowUp } from './FollowUp.js';
import type { WidgetStrings } from './i18n/strings.js';
import { ScoreScale, choiceText } from './ScoreScale.js';
import { useFocusReturn } from './useFocusReturn.js';
import { useKeyboardInset } from './useKeyboardInset.js';
import { useTopLayer } from './useTopLayer.js';

/** How long the thank-you stays before the prompt closes itself. */
export const THANKS_MS = 4000;

/** Props of one prompt. */
export interface PromptProps {
  readonly client: HarkClient;
  readonly prompt: ActivePrompt;
  readonly strings: WidgetStrings;
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  /** `bottom-right` (default), `bottom-left`, `top-right`, `top-left`, `center` or `inline`. */
  readonly position: string;
  /** `light` or `dark`; unset follows `prefers-color-scheme`. */
  readonly scheme: 'light' | 'dark' | undefined;
  /** Closed, playing its exit animation: inert and hidden from assistive technology. */
  readonly leaving: boolean;
}

let nextId = 0;

function followUpQuestion(prompt: ActivePrompt, score: number, fallback: string): string {
  const followUp = prompt.survey.followUp;
  const band = categorize(prompt.survey.kind, score, prompt.scale);
  const key = band === 'detractor' ? 'low' : band === 'passive' ? 'mid' : band === 'promoter' ? 'high' : band;
  return followUp?.byScore?.[key] ?? followUp?.question ?? fallback;
}

/** One prompt: question, score scale, follow-up, thanks. All survey text is rendered as text. */
export function Prompt({ client, prompt, strings, lang, dir, position, scheme, leaving }: PromptProps) {
  const [ids] = useState(() => ++nextId);
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [failed, setFailed] = useState(false);
  const [typing, setTyping] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  // Read by the pagehide handler, which must see the latest values without re-binding.
  const latest = useRef({ score, comment });
  const focusWasInside = useRef(false);
  latest.current = { score, comment };

  const questionId = `hark-q-${ids}`;
  const phase = prompt.phase;
  const display = prompt.survey.display ?? 'numbers';
  const labels = strings.labels[prompt.survey.kind];
  const maxLength = prompt.survey.followUp?.maxLength ?? 1000;

  useTopLayer(dialog, position !== 'inline');
  useKeyboardInset(dialog, typing);
  useFocusReturn(dialog, leaving);

  // Focus moves in only when the user asked for the prompt (`show()`); a triggered prompt waits to be noticed.
  useEffect(() => {
    if (prompt.trigger.manual !== true) return;
    dialog.current?.querySelector<HTMLElement>('[role="radio"][tabindex="0"]')?.focus();
  }, []);

  useEffect(() => {
    if (phase !== 'thanks') return;
    // The Send button is gone: keep focus in the prompt so Escape still works and focus can return later.
    if (focusWasInside.current) dialog.current?.focus({ preventScroll: true });
    const timer = setTimeout(() => client.dismiss(), THANKS_MS);
    return () => clearTimeout(timer);
  }, [phase, client]);

  // A chosen score is never lost: leaving the page records it, without waiting for Send.
  useEffect(() => {
    if (phase !== 'asking') return;
    const onHide = () => {
      const { score: chosen, comment: text } = latest.current;
      if (chosen !== null) client.submit({ score: chosen, comment: text }).catch(() => undefined);
    };
    addEventListener('pagehide', onHide);
    return () => removeEventListener('pagehide', onHide);
  }, [phase, client]);

  function choose(value: number) {
    setScore(value);
    // Let the follow-up render before moving focus to it.
    setTimeout(() => textarea.current?.focus());
  }

  function send(event?: Event) {
    event?.preventDefault();
    if (score === null) return;
    setFailed(false);
    const root = dialog.current?.getRootNode() as Document | ShadowRoot | undefined;
    focusWasInside.current = !!root?.activeElement && !!dialog.current?.contains(root.activeElement);
    // Read the field itself: an input event may not have re-rendered yet.
    client.submit({ score, comment: textarea.current?.value ?? comment }).catch(() => setFailed(true));
  }

  function close() {
    if (phase === 'asking' && score !== null) {
      // Closing after choosing a score still records the answer, without the comment.
      client.submit({ score }).then(() => client.dismiss(), () => setFailed(true));
      return;
    }
    client.dismiss();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    }
  }

  const chosenText = score !== null && display !== 'numbers' ? choiceText(strings.choices, prompt.scale, score) : undefined;
  return (
    <div
      class="hark-prompt"
      role="dialog"
      aria-labelledby={questionId}
      ref={dialog}
      tabIndex={-1}
      lang={lang}
      dir={dir}
      data-position={position}
      data-scheme={scheme}
      data-phase={phase}
      data-leaving={leaving || undefined}
      aria-hidden={leaving || undefined}
      inert={leaving}
      onKeyDown={onKeyDown}
    >
      <button type="button" class="close" aria-label={strings.close} onClick={close}>
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path d="M6 6l12 12M18 6L6 18" />
        </svg>
      </button>
      {phase === 'thanks' ? (
        <p class="thanks" id={questionId}>
          {strings.thankYou}
        </p>
      ) : (
        <form onSubmit={send}>
          <p class="question" id={questionId}>
            {prompt.question}
          </p>
          <ScoreScale
            scale={prompt.scale}
            value={score}
            labelledBy={questionId}
            disabled={phase === 'saving'}
            display={display}
            choices={strings.choices}
            dir={dir}
            onChoose={choose}
          />
          <div class="labels" aria-hidden="true">
            <span>{labels.low}</span>
            {chosenText && <span class="chosen">{chosenText}</span>}
            <span>{labels.high}</span>
          </div>
          {score !== null && (
            <>
              <FollowUp
                id={`hark-c-${ids}`}
                question={followUpQuestion(prompt, score, strings.followUp)}
                value={comment}
                maxLength={maxLength}
                counter={strings.counter}
                textareaRef={textarea}
                onInput={setComment}
                onFocusChange={setTyping}
              />
              <div class="actions">
                <button type="submit" class="send" disabled={phase === 'saving'}>
                  {phase === 'saving' ? strings.sending : strings.send}
                </button>
              </div>
            </>
          )}
          {failed && (
            <p class="error" role="alert">
              {strings.saveFailed}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
