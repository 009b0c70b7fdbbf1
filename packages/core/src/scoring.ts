import { HarkError } from './errors';
import type { Scale, SurveyKind } from './schema/survey';

/** Default scale per kind: NPS 0–10, CES 1–7, CSAT 1–5. */
export const DEFAULT_SCALES: Readonly<Record<SurveyKind, Scale>> = {
  nps: { min: 0, max: 10 },
  ces: { min: 1, max: 7 },
  csat: { min: 1, max: 5 },
};

/** NPS bands and the low/mid/high bands of the other kinds. */
export type ScoreCategory = 'detractor' | 'passive' | 'promoter' | 'low' | 'mid' | 'high';

/**
 * The band of a score. NPS on 0–10: 0–6 detractor, 7–8 passive, 9–10 promoter.
 * Otherwise by position on the scale: below the middle low, the middle mid,
 * above it high (CSAT 1–5: 1–2 low, 3 mid, 4–5 high; CES 1–7: 1–3, 4, 5–7).
 */
export function categorize(kind: SurveyKind, score: number, scale: Scale = DEFAULT_SCALES[kind]): ScoreCategory {
  const position = (score - scale.min) / (scale.max - scale.min);
  if (kind === 'nps') {
    // 0–10 maps exactly; other ranges keep the same proportions (≤ 60 % detractor, ≥ 90 % promoter).
    if (position <= 0.6) return 'detractor';
    return position < 0.9 ? 'passive' : 'promoter';
  }
  if (position < 0.5) return 'low';
  return position === 0.5 ? 'mid' : 'high';
}

/** How many answers gave each score, from `scale.min` to `scale.max` (index 0 is `scale.min`). */
export type Distribution = readonly number[];

/** The result of `nps(scores)`. */
export interface NpsResult {
  /** % promoters − % detractors, from −100 to 100; `null` when there are no responses. */
  readonly score: number | null;
  readonly responses: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  readonly distribution: Distribution;
}

/** The result of `csat(scores)`. */
export interface CsatResult {
  /** % of answers in the high band (4–5 on 1–5), from 0 to 100; `null` when there are no responses. */
  readonly score: number | null;
  readonly responses: number;
  /** Answers in the high band. */
  readonly satisfied: number;
  readonly distribution: Distribution;
}

/** The result of `ces(scores)`. */
export interface CesResult {
  /** The mean score on the scale (1–7 by default); `null` when there are no responses. */
  readonly score: number | null;
  readonly responses: number;
  readonly distribution: Distribution;
}

function checkScale(scale: Scale): void {
  if (!Number.isInteger(scale.min) || !Number.isInteger(scale.max) || scale.max <= scale.min) {
    throw new HarkError('invalid_argument', `scale must be two integers with min < max, got ${JSON.stringify(scale)}`, { field: 'scale' });
  }
}

// A wrong score would silently skew a headline number, so it is an error, not a skipped value.
function distributionOf(scores: readonly number[], scale: Scale): number[] {
  checkScale(scale);
  if (!Array.isArray(scores)) throw new HarkError('invalid_argument', 'scores must be an array of numbers', { field: 'scores' });
  const counts = new Array<number>(scale.max - scale.min + 1).fill(0);
  scores.forEach((score, index) => {
    if (typeof score !== 'number' || !Number.isInteger(score) || score < scale.min || score > scale.max) {
      throw new HarkError('invalid_argument', `scores[${index}] must be an integer from ${scale.min} to ${scale.max}, got ${String(score)}`, {
        field: `scores[${index}]`,
      });
    }
    counts[score - scale.min]! += 1;
  });
  return counts;
}

function countBand(kind: SurveyKind, counts: readonly number[], scale: Scale, band: ScoreCategory): number {
  return counts.reduce((sum, count, index) => (categorize(kind, scale.min + index, scale) === band ? sum + count : sum), 0);
}

/**
 * Net Promoter Score: % promoters (9–10) − % detractors (0–6), with the counts.
 * `scale` defaults to 0–10; other ranges are banded proportionally (see `categorize`).
 * Throws a `HarkError` (`invalid_argument`, `field` = `scores[i]`) for a score off the scale.
 */
export function nps(scores: readonly number[], scale: Scale = DEFAULT_SCALES.nps): NpsResult {
  const distribution = distributionOf(scores, scale);
  const promoters = countBand('nps', distribution, scale, 'promoter');
  const detractors = countBand('nps', distribution, scale, 'detractor');
  const responses = scores.length;
  return {
    score: responses === 0 ? null : ((promoters - detractors) / responses) * 100,
    responses,
    promoters,
    passives: responses - promoters - detractors,
    detractors,
    distribution,
  };
}

/**
 * Customer satisfaction: % of answers in the high band (4–5 on the default 1–5 scale).
 * Throws a `HarkError` (`invalid_argument`, `field` = `scores[i]`) for a score off the scale.
 */
export function csat(scores: readonly number[], scale: Scale = DEFAULT_SCALES.csat): CsatResult {
  const distribution = distributionOf(scores, scale);
  const satisfied = countBand('csat', distribution, scale, 'high');
  const responses = scores.length;
  return { score: responses === 0 ? null : (satisfied / responses) * 100, responses, satisfied, distribution };
}

/**
 * Customer effort: the mean score and how many gave each score (default scale 1–7).
 * Throws a `HarkError` (`invalid_argument`, `field` = `scores[i]`) for a score off the scale.
 */
export function ces(scores: readonly number[], scale: Scale = DEFAULT_SCALES.ces): CesResult {
  const distribution = distributionOf(scores, scale);
  const responses = scores.length;
  const total = scores.reduce((sum, score) => sum + score, 0);
  return { score: responses === 0 ? null : total / responses, responses, distribution };
}
