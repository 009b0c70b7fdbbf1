/** Mouth curves from very unhappy to very happy (quadratic control point y). */
const MOUTHS = [11, 13.5, 16, 18.5, 21];

interface ScoreIconProps {
  readonly display: 'stars' | 'faces';
  /** Position on the scale, 0 (lowest) to 1 (highest). */
  readonly position: number;
  /** Stars: drawn filled when at or below the chosen score. */
  readonly filled: boolean;
}

/**
 * The picture inside a star or face choice. Decorative (`aria-hidden`): the
 * radio carries the score as its name and the text equivalent as its description.
 */
export function ScoreIcon({ display, position, filled }: ScoreIconProps) {
  if (display === 'stars') {
    return (
      <svg class="icon star" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false" data-filled={filled}>
        <path d="M12 2.8l2.8 5.9 6.4.8-4.7 4.4 1.2 6.4L12 17.2l-5.7 3.1 1.2-6.4L2.8 9.5l6.4-.8z" />
      </svg>
    );
  }
  const mouth = MOUTHS[Math.round(position * (MOUTHS.length - 1))] ?? 16;
  return (
    <svg class="icon face" viewBox="0 0 24 24" width="30" height="30" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10" />
      <circle class="eye" cx="8.5" cy="9.5" r="1.3" />
      <circle class="eye" cx="15.5" cy="9.5" r="1.3" />
      <path d={`M7.5 16 Q12 ${mouth} 16.5 16`} />
    </svg>
  );
}
