import { HarkError } from '../errors.js';
import type { Scale, SurveyKind } from './survey.js';
import { toJson } from '../toJson.js';

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

/**
 * A response's category is the one its score earns on its scale (a score off
 * the scale is reported by its own rule, so it passes here).
 */
export const categoryFitsScore = (record: { kind: SurveyKind; score: number; scale: Scale; category: string }): boolean =>
  record.score < record.scale.min || record.score > record.scale.max || record.category === categorize(record.kind, record.score, record.scale);

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
    throw new HarkError('invalid_argument', `scale must be two integers with min < max, got ${toJson(scale)}`, { field: 'scale' });
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

/**
 * The headline of a survey from how many answered each score (index 0 is
 * `scale.min`, one count per point of the scale): what `nps`, `csat` and `ces`
 * return, for a server that counts in its database instead of listing scores.
 * Throws a `HarkError` (`invalid_argument`) for a bad scale or distribution.
 */
export function scoreDistribution(kind: 'nps', distribution: Distribution, scale?: Scale): NpsResult;
export function scoreDistribution(kind: 'csat', distribution: Distribution, scale?: Scale): CsatResult;
export function scoreDistribution(kind: 'ces', distribution: Distribution, scale?: Scale): CesResult;
export function scoreDistribution(kind: SurveyKind, distribution: Distribution, scale?: Scale): NpsResult | CsatResult | CesResult;
export function scoreDistribution(kind: SurveyKind, distribution: Distribution, scale: Scale = DEFAULT_SCALES[kind]): NpsResult | CsatResult | CesResult {
  checkScale(scale);
  if (!Array.isArray(distribution) || distribution.length !== scale.max - scale.min + 1 || !distribution.every((count) => Number.isInteger(count) && count >= 0)) {
    throw new HarkError('invalid_argument', `distribution must hold ${scale.max - scale.min + 1} counts (whole numbers ≥ 0), one per score from ${scale.min} to ${scale.max}`, {
      field: 'distribution',
    });
  }
  const responses = distribution.reduce((sum, count) => sum + count, 0);
  const band = (category: ScoreCategory) =>
    distribution.reduce((sum, count, index) => (categorize(kind, scale.min + index, scale) === category ? sum + count : sum), 0);
  const share = (count: number) => (responses === 0 ? null : (count / responses) * 100);
  if (kind === 'nps') {
    const promoters = band('promoter');
    const detractors = band('detractor');
    const score = share(promoters - detractors);
    return { score, responses, promoters, passives: responses - promoters - detractors, detractors, distribution };
  }
  if (kind === 'csat') {
    const satisfied = band('high');
    return { score: share(satisfied), responses, satisfied, distribution };
  }
  const total = distribution.reduce((sum, count, index) => sum + (scale.min + index) * count, 0);
  return { score: responses === 0 ? null : total / responses, responses, distribution };
}

/**
 * Net Promoter Score: % promoters (9–10) − % detractors (0–6), with the counts.
 * `scale` defaults to 0–10; other ranges are banded proportionally (see `categorize`).
 * Throws a `HarkError` (`invalid_argument`, `field` = `scores[i]`) for a score off the scale.
 */
export function nps(scores: readonly number[], scale: Scale = DEFAULT_SCALES.nps): NpsResult {
  return scoreDistribution('nps', distributionOf(scores, scale), scale);
}

/**
 * Customer satisfaction: % of answers in the high band (4–5 on the default 1–5 scale).
 * Throws a `HarkError` (`invalid_argument`, `field` = `scores[i]`) for a score off the scale.
 */
export function csat(scores: readonly number[], scale: Scale = DEFAULT_SCALES.csat): CsatResult {
  return scoreDistribution('csat', distributionOf(scores, scale), scale);
}

/**
 * Customer effort: the mean score and how many gave each score (default scale 1–7).
 * Throws a `HarkError` (`invalid_argument`, `field` = `scores[i]`) for a score off the scale.
 */
export function ces(scores: readonly number[], scale: Scale = DEFAULT_SCALES.ces): CesResult {
  return scoreDistribution('ces', distributionOf(scores, scale), scale);
}
