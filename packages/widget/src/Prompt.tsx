import { categorize, type ActivePrompt, type HarkClient } from '@hark/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ScoreScale } from './ScoreScale';
import type { WidgetStrings } from './strings';

/** How long the thank-you stays before the prompt closes itself. */
export const THANKS_MS = 4000;

interface PromptProps {
  readonly client: HarkClient;
  readonly prompt: ActivePrompt;
  readonly strings: WidgetStrings;
  readonly position: string;
}

let nextId = 0;

function followUpQuestion(prompt: ActivePrompt, score: number, fallback: string): string {
  const followUp = prompt.survey.followUp;
  const band = categorize(prompt.survey.kind, score, prompt.scale);
  const key = band === 'detractor' ? 'low' : band === 'passive' ? 'mid' : band === 'promoter' ? 'high' : band;
  return followUp?.byScore?.[key] ?? followUp?.question ?? fallback;
}

/** One prompt: question, score scale, follow-up, thanks. All survey text is rendered as text. */
export function Prompt({ client, prompt, strings, position }: PromptProps) {
  const [ids] = useState(() => ++nextId);
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [failed, setFailed] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  // Read by the pagehide handler, which must see the latest values without re-binding.
  const latest = useRef({ score, comment });
  latest.current = { score, comment };

  const questionId = `hark-q-${ids}`;
  const commentId = `hark-c-${ids}`;
  const labels = { ...strings.labels[prompt.survey.kind], ...prompt.survey.labels };
  const phase = prompt.phase;

  useEffect(() => {
    if (phase !== 'thanks') return;
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

  return (
    <div
      class="hark-prompt"
      role="dialog"
      aria-labelledby={questionId}
      data-position={position}
      data-phase={phase}
      dir="auto"
      onKeyDown={onKeyDown}
    >
      <button type="button" class="close" aria-label={strings.close} onClick={close}>
        <span aria-hidden="true">×</span>
      </button>
      {phase === 'thanks' ? (
        <p class="thanks" id={questionId}>
          {prompt.survey.thankYou ?? strings.thankYou}
        </p>
      ) : (
        <form onSubmit={send}>
          <p class="question" id={questionId}>
            {prompt.question}
          </p>
          <ScoreScale scale={prompt.scale} value={score} labelledBy={questionId} disabled={phase === 'saving'} onChoose={choose} />
          <div class="labels" aria-hidden="true">
            <span>{labels.low}</span>
            <span>{labels.high}</span>
          </div>
          {score !== null && (
            <div class="follow-up">
              <label for={commentId}>{followUpQuestion(prompt, score, strings.followUp)}</label>
              <textarea
                id={commentId}
                ref={textarea}
                value={comment}
                maxLength={prompt.survey.followUp?.maxLength ?? 1000}
                onInput={(event) => setComment(event.currentTarget.value)}
              />
              <button type="submit" class="send" disabled={phase === 'saving'}>
                {phase === 'saving' ? strings.sending : strings.send}
              </button>
            </div>
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
