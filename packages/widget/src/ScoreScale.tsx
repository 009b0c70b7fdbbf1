import type { Scale } from '@hark/core';
import { useRef } from 'preact/hooks';

interface ScoreScaleProps {
  readonly scale: Scale;
  readonly value: number | null;
  readonly labelledBy: string;
  readonly disabled: boolean;
  readonly onChoose: (score: number) => void;
}

/**
 * A WAI-ARIA radiogroup: one tab stop (roving tabindex), arrow keys, Home and
 * End move focus; Space, Enter or a click chooses.
 */
export function ScoreScale({ scale, value, labelledBy, disabled, onChoose }: ScoreScaleProps) {
  const group = useRef<HTMLDivElement>(null);
  const scores: number[] = [];
  for (let score = scale.min; score <= scale.max; score++) scores.push(score);
  const tabStop = value ?? scale.min;

  function focusScore(score: number) {
    const target = group.current?.querySelector<HTMLButtonElement>(`[data-score="${score}"]`);
    target?.focus();
  }

  function onKeyDown(event: KeyboardEvent, score: number) {
    const rtl = group.current ? getComputedStyle(group.current).direction === 'rtl' : false;
    const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const back = rtl ? 'ArrowRight' : 'ArrowLeft';
    let next: number | null = null;
    if (event.key === forward || event.key === 'ArrowDown') next = score >= scale.max ? scale.min : score + 1;
    else if (event.key === back || event.key === 'ArrowUp') next = score <= scale.min ? scale.max : score - 1;
    else if (event.key === 'Home') next = scale.min;
    else if (event.key === 'End') next = scale.max;
    if (next !== null) {
      event.preventDefault();
      focusScore(next);
    }
  }

  return (
    <div class="scale" role="radiogroup" aria-labelledby={labelledBy} ref={group}>
      {scores.map((score) => (
        <button
          type="button"
          class="score"
          role="radio"
          key={score}
          data-score={score}
          aria-checked={value === score}
          tabIndex={score === tabStop ? 0 : -1}
          disabled={disabled}
          onClick={() => onChoose(score)}
          onKeyDown={(event) => onKeyDown(event, score)}
        >
          {score}
        </button>
      ))}
    </div>
  );
}
