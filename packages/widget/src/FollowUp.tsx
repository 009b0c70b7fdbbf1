import type { Ref } from 'preact';

interface FollowUpProps {
  readonly id: string;
  readonly question: string;
  readonly value: string;
  readonly maxLength: number;
  /** `'{n} characters left'`-style template. */
  readonly counter: string;
  readonly textareaRef: Ref<HTMLTextAreaElement>;
  readonly onInput: (value: string) => void;
  readonly onFocusChange: (focused: boolean) => void;
}

/** The labelled follow-up textbox with a character counter tied to it as its description. */
export function FollowUp({ id, question, value, maxLength, counter, textareaRef, onInput, onFocusChange }: FollowUpProps) {
  const left = Math.max(0, maxLength - value.length);
  const counterId = `${id}-count`;
  return (
    <div class="follow-up">
      <label for={id}>{question}</label>
      <textarea
        id={id}
        ref={textareaRef}
        value={value}
        maxLength={maxLength}
        aria-describedby={counterId}
        onInput={(event) => onInput(event.currentTarget.value)}
        onFocus={() => onFocusChange(true)}
        onBlur={() => onFocusChange(false)}
      />
      <span class="counter" id={counterId} data-low={left <= Math.min(20, maxLength / 10)}>
        {counter.replace('{n}', String(left))}
      </span>
    </div>
  );
}
