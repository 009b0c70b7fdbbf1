import type { ActivePrompt, HarkClient } from '@hark/core';
import { categorize } from '@hark/core/schema';
import { useEffect, useRef, useState } from 'preact/hooks';
import { FollowUp } from './FollowUp.js';
import type { WidgetStrings } from './i18n/strings.js';
import { ScoreScale, choiceText } from './ScoreScale.js';
import { useDisplayed } from './useDisplayed.js';
import { useFocusReturn } from './useFocusReturn.js';
import { useKeyboardInset } from './useKeyboardInset.js';
import { useTopLayer } from './useTopLayer.js';

/** How long the thank-you stays before a floating prompt closes itself (an inline one keeps it, unless `inline.answered` is `hidden`). */
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

/**
 * True unless the browser says the page has no recent user gesture: a prompt
 * opened with `show()` on page load must not take focus, one opened from a
 * click may. Engines without `navigator.userActivation` keep the old rule.
 */
function userActivated(): boolean {
  return (globalThis.navigator as Navigator & { userActivation?: { isActive: boolean } } | undefined)?.userActivation?.isActive !== false;
}

/** On a touch screen, focusing the follow-up raises the keyboard over the page: leave that to a tap. */
function coarsePointer(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
}

function followUpQuestion(prompt: ActivePrompt, score: number, fallback: string): string {
  const followUp = prompt.survey.followUp;
  const band = categorize(prompt.survey.kind, score, prompt.scale);
  const key = band === 'detractor' ? 'low' : band === 'passive' ? 'mid' : band === 'promoter' ? 'high' : band;
  return followUp?.byScore?.[key] ?? followUp?.question ?? fallback;
}

/**
 * One prompt: question, score scale, follow-up, thanks. All survey text is
 * rendered as text. A chosen score is stored at once (`choose`); Send adds the
 * comment, Close keeps the score as it is.
 */
export function Prompt({ client, prompt, strings, lang, dir, position, scheme, leaving }: PromptProps) {
  const [ids] = useState(() => ++nextId);
  // A remounted inline survey shows the score already chosen (and stored).
  const [score, setScore] = useState<number | null>(prompt.chosen);
  const [comment, setComment] = useState('');
  const [failed, setFailed] = useState(false);
  // From Send until core has the answer: core says `saving` only once its answer path is loaded, which may be a moment later.
  const [sending, setSending] = useState(false);
  const [typing, setTyping] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const focusWasInside = useRef(false);
  // Sampled when the prompt first renders, in the task that asked for it, not after it is on
  // screen: by then an unrelated click or key press on the page could count as asking.
  const [askedByUser] = useState(userActivated);

  const questionId = `hark-q-${ids}`;
  const phase = prompt.phase;
  const display = prompt.survey.display ?? 'numbers';
  const labels = strings.labels[prompt.survey.kind];
  const maxLength = prompt.survey.followUp?.maxLength ?? 1000;

  useTopLayer(dialog, position !== 'inline');
  useKeyboardInset(dialog, typing);
  useFocusReturn(dialog, leaving);
  // Core records `shown` once the prompt is painted (inline: in the viewport), never before.
  useDisplayed(dialog, phase === 'asking' && !leaving, () => client.displayed(prompt.id));

  // Focus moves in only when the user asked for the prompt (`show()` from a click or key); a
  // triggered, inline or page-load prompt waits to be noticed.
  useEffect(() => {
    if (prompt.placement !== 'floating' || prompt.trigger.manual !== true || !askedByUser) return;
    dialog.current?.querySelector<HTMLElement>('[role="radio"][tabindex="0"]')?.focus();
  }, []);

  const hideAnswered = prompt.placement === 'floating' || prompt.survey.inline?.answered === 'hidden';
  useEffect(() => {
    if (phase !== 'thanks') return;
    // The Send button is gone: keep focus in the prompt so Escape still works and focus can return later.
    if (focusWasInside.current) dialog.current?.focus({ preventScroll: true });
    if (!hideAnswered) return;
    const timer = setTimeout(() => client.dismiss(prompt.id), THANKS_MS);
    return () => clearTimeout(timer);
  }, [phase, client]);

  function choose(value: number) {
    // Send has taken the score shown; another would be refused once core has the answer.
    if (sending) return;
    setScore(value);
    // Stored now, or as soon as the delivery code has come (a close meanwhile waits for it): from then on, leaving the
    // page keeps the answer. Failures reach on('error'); Send writes it again.
    client.choose(value, prompt.id).catch(() => undefined);
    // Let the follow-up render before moving focus to it (not on touch: the keyboard would cover the page).
    if (!coarsePointer()) setTimeout(() => textarea.current?.focus());
  }

  function send(event?: Event) {
    event?.preventDefault();
    if (score === null || sending) return;
    setFailed(false);
    const root = dialog.current?.getRootNode() as Document | ShadowRoot | undefined;
    focusWasInside.current = !!root?.activeElement && !!dialog.current?.contains(root.activeElement);
    setSending(true);
    // Read the field itself: an input event may not have re-rendered yet.
    client
      .submit({ score, comment: textarea.current?.value ?? comment }, prompt.id)
      .catch(() => setFailed(true))
      .finally(() => setSending(false));
  }

  // After a choice, Close keeps the chosen score as the answer (core sends it without the comment).
  const close = () => client.dismiss(prompt.id);

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
      {phase === 'thanks' || phase === 'answered' ? (
        <div class="thanks-block">
          <svg class="done" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="11" />
            <path d="M7 12.5l3.2 3.2L17 9" />
          </svg>
          <p class="thanks" id={questionId}>
            {strings.thankYou}
          </p>
        </div>
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
                <button type="submit" class="send" disabled={phase === 'saving' || sending}>
                  {phase === 'saving' || sending ? strings.sending : strings.send}
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
