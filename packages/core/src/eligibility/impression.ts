import { OPEN_IMPRESSION_TTL_MS } from '../defaults.js';
/** How one display of a survey ended. `open` means it may still be on screen, in this tab or another. */
export type ImpressionOutcome = 'open' | 'answered' | 'dismissed' | 'ignored';

/** One display of one survey to one user, as kept in the display history. */
export interface Impression {
  readonly id: string;
  readonly surveyId: string;
  /** The user id, or the anonymous id when none is known. */
  readonly user: string;
  readonly shownAt: number;
  readonly outcome: ImpressionOutcome;
  readonly endedAt?: number;
  /**
   * When a score was chosen (and stored, held for its comment): from then on
   * the survey counts as answered, even if the page dies before it ends.
   */
  readonly answeredAt?: number;
  /** An inline survey's impression: page content, which never blocks other surveys. */
  readonly inline?: true;
}

/** The outcome as of `now`, with stale `open` impressions counted as ignored. */
export function outcomeAt(impression: Impression, now: number): ImpressionOutcome {
  if (impression.outcome !== 'open' || now - impression.shownAt <= OPEN_IMPRESSION_TTL_MS) return impression.outcome;
  return impression.answeredAt === undefined ? 'ignored' : 'answered';
}

