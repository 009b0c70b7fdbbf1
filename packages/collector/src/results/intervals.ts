import type { Scale, SurveyKind } from '@hark/core/schema';

/** A 95 % confidence interval, in the score's own unit (NPS points, CSAT %, CES on its scale). */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** Below this many answers no interval is shown ("too few answers"): it would span most of the scale and invite over-reading. */
export const MIN_ANSWERS_FOR_INTERVAL = 10;

/** The normal quantile for a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

/** How each interval is computed, in words for the page, the README, the JSON and the CSV. */
export const INTERVAL_METHODS: Readonly<Record<SurveyKind, string>> = {
  nps: 'adjusted Wald (Rocks 2016): ¾ of a promoter and ¾ of a detractor added, n + 3',
  csat: 'Wilson score interval for the share of 4–5 answers',
  ces: "Student's t interval for the mean",
};

/**
 * NPS's 95 % interval by the adjusted Wald method (Rocks, "Interval
 * Estimation for the Net Promoter Score", The American Statistician, 2016):
 * add ¾ of a promoter and ¾ of a detractor (three answers in all, the rest
 * passive), then take the normal interval of the difference of the two
 * proportions. It keeps its 95 % coverage at small samples and near ±100,
 * where the plain Wald interval of the −100/0/100 scores does not.
 */
export function npsInterval(promoters: number, passives: number, detractors: number): Interval | null {
  const n = promoters + passives + detractors;
  if (n < MIN_ANSWERS_FOR_INTERVAL) return null;
  const adjusted = n + 3;
  const p = (promoters + 0.75) / adjusted;
  const d = (detractors + 0.75) / adjusted;
  const centre = p - d;
  const margin = Z_95 * Math.sqrt((p + d - centre ** 2) / adjusted);
  return { low: Math.max(-100, (centre - margin) * 100), high: Math.min(100, (centre + margin) * 100) };
}

/** A proportion's 95 % Wilson score interval, in % (0–100). */
export function wilsonInterval(successes: number, n: number): Interval | null {
  if (n < MIN_ANSWERS_FOR_INTERVAL) return null;
  const p = successes / n;
  const z2 = Z_95 ** 2;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const margin = (Z_95 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, (centre - margin) * 100), high: Math.min(100, (centre + margin) * 100) };
}

/**
 * Student's t quantile for a two-sided 95 % interval with `df` degrees of
 * freedom, by the Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5): within
 * 0.0001 of the tables from 9 degrees of freedom, the fewest an interval here has.
 */
export function tQuantile95(df: number): number {
  const z = Z_95;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** The 95 % t interval of the mean score of a distribution (count per score from `scale.min`), kept on the scale. */
export function meanInterval(distribution: readonly number[], scale: Scale): Interval | null {
  const n = distribution.reduce((sum, count) => sum + count, 0);
  if (n < MIN_ANSWERS_FOR_INTERVAL) return null;
  const mean = distribution.reduce((sum, count, index) => sum + count * (scale.min + index), 0) / n;
  const variance = distribution.reduce((sum, count, index) => sum + count * (scale.min + index - mean) ** 2, 0) / (n - 1);
  const margin = tQuantile95(n - 1) * Math.sqrt(variance / n);
  return { low: Math.max(scale.min, mean - margin), high: Math.min(scale.max, mean + margin) };
}

/** The interval of a kind's headline score from its distribution, or null below `MIN_ANSWERS_FOR_INTERVAL`. */
export function scoreInterval(kind: SurveyKind, distribution: readonly number[], scale: Scale, bands: { promoters: number; passives: number; detractors: number } | null, satisfied: number | null): Interval | null {
  const n = distribution.reduce((sum, count) => sum + count, 0);
  if (kind === 'nps' && bands) return npsInterval(bands.promoters, bands.passives, bands.detractors);
  if (kind === 'csat' && satisfied !== null) return wilsonInterval(satisfied, n);
  return meanInterval(distribution, scale);
}
