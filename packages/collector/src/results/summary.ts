import { categorize, DEFAULT_SCALES, scoreDistribution, type Scale, type ScoreCategory, type SurveyKind } from '@hark/core/schema';
import type { ScoreGroup } from '../store/types.js';

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

/** Monday 00:00 UTC of the week an instant (or a `YYYY-MM-DD` day) falls in. */
export function weekStart(iso: string): number {
  const time = new Date(iso).getTime();
  // Arithmetic on the time value, not Date.UTC(year, …), which reads years 0–99 as 1900–1999.
  const midnight = Math.floor(time / DAY_MS) * DAY_MS;
  return midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY_MS;
}

const total = (groups: readonly ScoreGroup[]) => groups.reduce((sum, group) => sum + group.count, 0);

/** How many answered each score on `scale`, from groups that are all on it. */
function distributionOf(groups: readonly ScoreGroup[], scale: Scale): number[] {
  const counts = new Array<number>(scale.max - scale.min + 1).fill(0);
  for (const group of groups) counts[group.score! - scale.min]! += group.count;
  return counts;
}

/** A scale the page can draw: what the wire contract allows (at most 11 points). Older rows may hold others. */
const drawable = (min: number | null, max: number | null): boolean => min !== null && max !== null && max > min && max - min <= 10;

// The most used scale; a tie goes to the scale used first, as the groups come oldest first.
function usualScale(kind: SurveyKind, responses: readonly ScoreGroup[]): Scale {
  const counts = new Map<string, number>();
  for (const group of responses) {
    if (!drawable(group.scaleMin, group.scaleMax)) continue;
    const key = `${group.scaleMin}:${group.scaleMax}`;
    counts.set(key, (counts.get(key) ?? 0) + group.count);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (!best) return DEFAULT_SCALES[kind];
  const [min, max] = best[0].split(':').map(Number) as [number, number];
  return { min, max };
}

/** Scores one survey from its groups (oldest first). */
export function summarize(surveyId: string, groups: readonly ScoreGroup[]): SurveySummary {
  const responses = groups.filter((group) => group.type === 'response' && group.score !== null);
  // Oldest first: the survey's kind is that of its first answer (else of its first record).
  const kind = (responses[0] ?? groups[0])!.kind as SurveyKind;
  const scale = usualScale(kind, responses);
  const onScale = responses.filter(
    (group) => group.kind === kind && group.scaleMin === scale.min && group.scaleMax === scale.max && group.score! >= scale.min && group.score! <= scale.max,
  );
  const result = scoreDistribution(kind, distributionOf(onScale, scale), scale);
  const shown = total(groups.filter((group) => group.type === 'shown'));
  const answered = total(responses);

  const byWeek = new Map<number, ScoreGroup[]>();
  for (const group of onScale) {
    const week = weekStart(group.day);
    const list = byWeek.get(week) ?? [];
    list.push(group);
    byWeek.set(week, list);
  }
  const weeks = [...byWeek.keys()].sort((a, b) => a - b);
  const weekly: WeekPoint[] = [];
  if (weeks.length > 0) {
    const last = weeks[weeks.length - 1]!;
    // Quiet weeks stay on the axis (as gaps), so the line's spacing is true to time.
    for (let week = Math.max(weeks[0]!, last - (MAX_WEEKS - 1) * 7 * DAY_MS); week <= last; week += 7 * DAY_MS) {
      const inWeek = byWeek.get(week) ?? [];
      weekly.push({ week: new Date(week).toISOString().slice(0, 10), responses: total(inWeek), score: scoreDistribution(kind, distributionOf(inWeek, scale), scale).score });
    }
  }

  return {
    surveyId,
    kind,
    scale,
    score: result.score,
    responses: result.responses,
    shown,
    dismissed: total(groups.filter((group) => group.type === 'dismissed')),
    responseRate: shown > 0 ? answered / shown : null,
    bands: 'promoters' in result ? { promoters: result.promoters, passives: result.passives, detractors: result.detractors } : null,
    satisfied: 'satisfied' in result ? result.satisfied : null,
    distribution: result.distribution,
    categories: result.distribution.map((_, index) => categorize(kind, scale.min + index, scale)),
    otherScale: answered - result.responses,
    weekly,
  };
}

/** The groups of each survey that the page scores (kinds it knows), by survey id, sorted. */
export function groupsBySurvey(groups: readonly ScoreGroup[]): Array<[string, ScoreGroup[]]> {
  const bySurvey = new Map<string, ScoreGroup[]>();
  for (const group of groups) {
    if (!KINDS.includes(group.kind)) continue;
    const list = bySurvey.get(group.surveyId) ?? [];
    list.push(group);
    bySurvey.set(group.surveyId, list);
  }
  return [...bySurvey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Scores every survey in `groups` (as `RecordsStore.scoreGroups` returns
 * them, oldest first), sorted by survey id.
 */
export function summarizeSurveys(groups: readonly ScoreGroup[]): SurveySummary[] {
  return groupsBySurvey(groups).map(([surveyId, list]) => summarize(surveyId, list));
}
