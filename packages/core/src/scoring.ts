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
