import { categorize, ces, csat, DEFAULT_SCALES, nps, type CesResult, type CsatResult, type NpsResult, type Scale, type ScoreCategory, type SurveyKind } from '@hark/core';
import type { ScoreRow } from '../store/types';

/** One week of a survey's score. */
export interface WeekPoint {
  /** Monday of the week, `YYYY-MM-DD` (UTC). */
  readonly week: string;
  readonly responses: number;
  /** The headline score that week; `null` when nobody answered. */
  readonly score: number | null;
}

/** Everything the results page shows about one survey. */
export interface SurveySummary {
  readonly surveyId: string;
  readonly kind: SurveyKind;
  readonly scale: Scale;
  /** The headline: NPS (−100..100), CSAT (% of high answers) or CES (mean); `null` without responses. */
  readonly score: number | null;
  readonly responses: number;
  readonly shown: number;
  readonly dismissed: number;
  /** answered / shown, 0..1; `null` when no prompt was recorded as shown. */
  readonly responseRate: number | null;
  /** NPS only: promoters, passives, detractors. */
  readonly bands: { readonly promoters: number; readonly passives: number; readonly detractors: number } | null;
  /** CSAT only: answers in the high band. */
  readonly satisfied: number | null;
  /** Count per score, from `scale.min`. */
  readonly distribution: readonly number[];
  /** The band of each score in `distribution`, for colouring. */
  readonly categories: readonly ScoreCategory[];
  /** Responses on another scale than the survey's usual one, left out of the score. */
  readonly otherScale: number;
  readonly weekly: readonly WeekPoint[];
}

const KINDS: readonly string[] = ['nps', 'ces', 'csat'];
const DAY_MS = 86_400_000;
/** Enough history to read a trend, few enough points to label them. */
export const MAX_WEEKS = 26;

/** Monday 00:00 UTC of the week an instant falls in. */
export function weekStart(iso: string): number {
  const date = new Date(iso);
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return midnight - ((date.getUTCDay() + 6) % 7) * DAY_MS;
}

function headline(kind: SurveyKind, scores: readonly number[], scale: Scale): NpsResult | CsatResult | CesResult {
  if (kind === 'nps') return nps(scores, scale);
  if (kind === 'csat') return csat(scores, scale);
  return ces(scores, scale);
}

function usualScale(kind: SurveyKind, responses: readonly ScoreRow[]): Scale {
  const counts = new Map<string, number>();
  for (const row of responses) {
    if (row.scaleMin === null || row.scaleMax === null) continue;
    const key = `${row.scaleMin}:${row.scaleMax}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (!best) return DEFAULT_SCALES[kind];
  const [min, max] = best[0].split(':').map(Number) as [number, number];
  return { min, max };
}

function summarize(surveyId: string, rows: readonly ScoreRow[]): SurveySummary {
  const responses = rows.filter((row) => row.type === 'response' && row.score !== null);
  const kind = (responses[0] ?? rows[0])!.kind as SurveyKind;
  const scale = usualScale(kind, responses);
  const onScale = responses.filter(
    (row) => row.kind === kind && row.scaleMin === scale.min && row.scaleMax === scale.max && row.score! >= scale.min && row.score! <= scale.max,
  );
  const result = headline(kind, onScale.map((row) => row.score!), scale);
  const shown = rows.filter((row) => row.type === 'shown').length;

  const byWeek = new Map<number, number[]>();
  for (const row of onScale) {
    const week = weekStart(row.createdAt);
    const list = byWeek.get(week) ?? [];
    list.push(row.score!);
    byWeek.set(week, list);
  }
  const weeks = [...byWeek.keys()].sort((a, b) => a - b);
  const weekly: WeekPoint[] = [];
  if (weeks.length > 0) {
    const last = weeks[weeks.length - 1]!;
    // Quiet weeks stay on the axis (as gaps), so the line's spacing is true to time.
    for (let week = Math.max(weeks[0]!, last - (MAX_WEEKS - 1) * 7 * DAY_MS); week <= last; week += 7 * DAY_MS) {
      const scores = byWeek.get(week) ?? [];
      weekly.push({ week: new Date(week).toISOString().slice(0, 10), responses: scores.length, score: headline(kind, scores, scale).score });
    }
  }

  return {
    surveyId,
    kind,
    scale,
    score: result.score,
    responses: onScale.length,
    shown,
    dismissed: rows.filter((row) => row.type === 'dismissed').length,
    responseRate: shown > 0 ? responses.length / shown : null,
    bands: 'promoters' in result ? { promoters: result.promoters, passives: result.passives, detractors: result.detractors } : null,
    satisfied: 'satisfied' in result ? result.satisfied : null,
    distribution: result.distribution,
    categories: result.distribution.map((_, index) => categorize(kind, scale.min + index, scale)),
    otherScale: responses.length - onScale.length,
    weekly,
  };
}

/** Scores every survey in `rows` (as the store returns them), sorted by survey id. */
export function summarizeSurveys(rows: readonly ScoreRow[]): SurveySummary[] {
  const bySurvey = new Map<string, ScoreRow[]>();
  for (const row of rows) {
    if (!KINDS.includes(row.kind)) continue;
    const list = bySurvey.get(row.surveyId) ?? [];
    list.push(row);
    bySurvey.set(row.surveyId, list);
  }
  return [...bySurvey.keys()].sort().map((surveyId) => summarize(surveyId, bySurvey.get(surveyId)!));
}
