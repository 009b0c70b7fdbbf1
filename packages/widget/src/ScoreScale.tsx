import type { Scale } from '@hark/core';
import { useRef } from 'preact/hooks';
import { ScoreIcon } from './ScoreIcon.js';

interface ScoreScaleProps {
  readonly scale: Scale;
  readonly value: number | null;
  readonly labelledBy: string;
  readonly disabled: boolean;
  readonly display: 'numbers' | 'stars' | 'faces';
  /** Text equivalents of the choices, lowest first; spread over longer scales. */
  readonly choices: readonly string[];
  /** `rtl` swaps the meaning of the left and right arrow keys. */
  readonly dir: 'ltr' | 'rtl';
  readonly onChoose: (score: number) => void;
}

/** The text equivalent of a score: the choice at the same relative position. */
export function choiceText(choices: readonly string[], scale: Scale, score: number): string | undefined {
  if (choices.length === 0) return undefined;
  const position = (score - scale.min) / (scale.max - scale.min);
  return choices[Math.round(position * (choices.length - 1))];
}

/**
 * A WAI-ARIA radiogroup: one tab stop (roving tabindex); arrow keys, Home and
 * End move focus (left and right follow the reading direction); Space, Enter
 * or a click chooses. Each radio is named by its score; stars and faces also
 * carry their text equivalent as the description.
 */
export function ScoreScale({ scale, value, labelledBy, disabled, display, choices, dir, onChoose }: ScoreScaleProps) {
  const group = useRef<HTMLDivElement>(null);
  const scores: number[] = [];
  for (let score = scale.min; score <= scale.max; score++) scores.push(score);
  const tabStop = value ?? scale.min;

  function focusScore(score: number) {
    group.current?.querySelector<HTMLButtonElement>(`[data-score="${score}"]`)?.focus();
  }

  function onKeyDown(event: KeyboardEvent, score: number) {
    const forward = dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    const back = dir === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
    let next: number | null = null;
    if (event.key === forward || event.key === 'ArrowDown') next = score >= scale.max ? scale.min : score + 1;
    else if (event.key === back || event.key === 'ArrowUp') next = score <= scale.min ? scale.max : score - 1;
    else if (event.key === 'Home') next = scale.min;
    else if (event.key === 'End') next = scale.max;
    else if (event.key === ' ' || event.key === 'Enter') {
      // Buttons click on these keys anyway; handling them here keeps one path and stops a form submit.
      event.preventDefault();
      onChoose(score);
      return;
    }
    if (next !== null) {
      event.preventDefault();
      focusScore(next);
    }
  }

  return (
    <div class="scale" role="radiogroup" aria-labelledby={labelledBy} data-display={display} data-points={scores.length} ref={group}>
      {scores.map((score) => {
        const text = display === 'numbers' ? undefined : choiceText(choices, scale, score);
        const descriptionId = text ? `${labelledBy}-d${score}` : undefined;
        return (
          <button
            type="button"
            class="score"
            role="radio"
            key={score}
            data-score={score}
            aria-checked={value === score}
            aria-label={display === 'numbers' ? undefined : String(score)}
            aria-describedby={descriptionId}
            title={text}
            tabIndex={score === tabStop ? 0 : -1}
            disabled={disabled}
            onClick={() => onChoose(score)}
            onKeyDown={(event) => onKeyDown(event, score)}
          >
            {display === 'numbers' ? (
              score
            ) : (
              <>
                <ScoreIcon display={display} position={(score - scale.min) / (scale.max - scale.min)} filled={value !== null && score <= value} />
                <span class="sr-only" id={descriptionId}>
                  {text}
                </span>
              </>
            )}
          </button>
        );
      })}
    </div>
  );
}
