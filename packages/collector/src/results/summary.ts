import { categorize, DEFAULT_SCALES, scoreDistribution, type Scale, type ScoreCategory, type SurveyKind } from '@hark/core/schema';
import type { ScoreGroup } from '../store/types.js';
import { scoreInterval, type Interval } from './intervals.js';

/** How a trend is cut: by ISO week (from Monday) or by calendar month, UTC. */
export type TrendUnit = 'week' | 'month';

/** One week or month of a survey's score. */
export interface TrendPoint {
  /** Its first day, `YYYY-MM-DD` (UTC): a Monday, or the 1st. */
  readonly period: string;
  readonly responses: number;
  /** The headline score then; `null` when nobody answered. */
  readonly score: number | null;
  /** Its 95 % interval; `null` below `MIN_ANSWERS_FOR_INTERVAL` answers. */
  readonly interval: Interval | null;
}

/** A headline score with what it rests on. */
export interface Scored {
  /** NPS (−100..100), CSAT (% of high answers) or CES (mean); `null` without responses. */
  readonly score: number | null;
  /** Its 95 % interval; `null` below `MIN_ANSWERS_FOR_INTERVAL` answers. */
  readonly interval: Interval | null;
  /** Answers on the survey's usual scale (the ones scored). */
  readonly responses: number;
  /** NPS only: promoters, passives, detractors. */
  readonly bands: { readonly promoters: number; readonly passives: number; readonly detractors: number } | null;
  /** CSAT only: answers in the high band. */
  readonly satisfied: number | null;
  /** Count per score, from `scale.min`. */
  readonly distribution: readonly number[];
}

/** Everything the results page shows about one survey. */
export interface SurveySummary extends Scored {
  readonly surveyId: string;
  readonly kind: SurveyKind;
  readonly scale: Scale;
  readonly shown: number;
  readonly dismissed: number;
  /** answered / shown, 0..1; `null` when no prompt was recorded as shown. */
  readonly responseRate: number | null;
  /** The band of each score in `distribution`, for colouring. */
  readonly categories: readonly ScoreCategory[];
  /** Responses on another scale than the survey's usual one, left out of the score. */
  readonly otherScale: number;
  readonly trendUnit: TrendUnit;
  readonly trend: readonly TrendPoint[];
}

const KINDS: readonly string[] = ['nps', 'ces', 'csat'];
const DAY_MS = 86_400_000;
/** Enough history to read a trend, few enough points to label them. */
export const MAX_TREND_POINTS: Readonly<Record<TrendUnit, number>> = { week: 26, month: 24 };

/** Monday 00:00 UTC of the week an instant (or a `YYYY-MM-DD` day) falls in. */
export function weekStart(iso: string): number {
  const time = new Date(iso).getTime();
  // Arithmetic on the time value, not Date.UTC(year, …), which reads years 0–99 as 1900–1999.
  const midnight = Math.floor(time / DAY_MS) * DAY_MS;
  return midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY_MS;
}

/** The 1st 00:00 UTC of the month an instant (or a day) falls in. */
export function monthStart(iso: string): number {
  const midnight = Math.floor(new Date(iso).getTime() / DAY_MS) * DAY_MS;
  return midnight - (new Date(midnight).getUTCDate() - 1) * DAY_MS;
}

/** The period after `start` (a week later, or the 1st of the next month). */
function nextPeriod(start: number, unit: TrendUnit): number {
  if (unit === 'week') return start + 7 * DAY_MS;
  // Every month has at least 28 days: from there, walk to the next 1st.
  let next = start + 28 * DAY_MS;
  while (new Date(next).getUTCDate() !== 1) next += DAY_MS;
  return next;
}

const total = (groups: readonly ScoreGroup[]) => groups.reduce((sum, group) => sum + group.count, 0);

/** How many answered each score on `scale`, from groups that are all on it. */
export function distributionOf(groups: ReadonlyArray<Pick<ScoreGroup, 'score' | 'count'>>, scale: Scale): number[] {
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

/** Whether a group is an answer the survey's score counts: its kind, on its usual scale. */
export const onScale = (group: Pick<ScoreGroup, 'type' | 'kind' | 'score' | 'scaleMin' | 'scaleMax'>, kind: SurveyKind, scale: Scale): boolean =>
  group.type === 'response' && group.score !== null && group.kind === kind && group.scaleMin === scale.min && group.scaleMax === scale.max && group.score >= scale.min && group.score <= scale.max;

/** The headline score of a distribution, with its interval and bands. */
export function scored(kind: SurveyKind, distribution: readonly number[], scale: Scale): Scored {
  const result = scoreDistribution(kind, distribution, scale);
  const bands = 'promoters' in result ? { promoters: result.promoters, passives: result.passives, detractors: result.detractors } : null;
  const satisfied = 'satisfied' in result ? result.satisfied : null;
  return { score: result.score, interval: scoreInterval(kind, result.distribution, scale, bands, satisfied), responses: result.responses, bands, satisfied, distribution: result.distribution };
}

/**
 * Scores one survey from its groups (oldest first), cut by `unit` (the
 * groups' `day` is the first day of their week or month, as
 * `RecordsStore.scoreGroups` returns them for that unit).
 */
export function summarize(surveyId: string, groups: readonly ScoreGroup[], unit: TrendUnit = 'week'): SurveySummary {
  const responses = groups.filter((group) => group.type === 'response' && group.score !== null);
  // Oldest first: the survey's kind is that of its first answer (else of its first record).
  const kind = (responses[0] ?? groups[0])!.kind as SurveyKind;
  const scale = usualScale(kind, responses);
  const counted = responses.filter((group) => onScale(group, kind, scale));
  const headline = scored(kind, distributionOf(counted, scale), scale);
  const shown = total(groups.filter((group) => group.type === 'shown'));
  const answered = total(responses);

  const start = unit === 'week' ? weekStart : monthStart;
  const byPeriod = new Map<number, ScoreGroup[]>();
  for (const group of counted) {
    const period = start(group.day);
    const list = byPeriod.get(period) ?? [];
    list.push(group);
    byPeriod.set(period, list);
  }
  const periods = [...byPeriod.keys()].sort((a, b) => a - b);
  const trend: TrendPoint[] = [];
  if (periods.length > 0) {
    const last = periods[periods.length - 1]!;
    // Quiet periods stay on the axis (as gaps), so the line's spacing is true to time.
    const all: number[] = [];
    for (let period = periods[0]!; period <= last; period = nextPeriod(period, unit)) all.push(period);
    for (const period of all.slice(-MAX_TREND_POINTS[unit])) {
      const inPeriod = scored(kind, distributionOf(byPeriod.get(period) ?? [], scale), scale);
      trend.push({ period: new Date(period).toISOString().slice(0, 10), responses: inPeriod.responses, score: inPeriod.score, interval: inPeriod.interval });
    }
  }

  return {
    ...headline,
    surveyId,
    kind,
    scale,
    shown,
    dismissed: total(groups.filter((group) => group.type === 'dismissed')),
    responseRate: shown > 0 ? answered / shown : null,
    categories: headline.distribution.map((_, index) => categorize(kind, scale.min + index, scale)),
    otherScale: answered - headline.responses,
    trendUnit: unit,
    trend,
  };
}

/** The groups of each survey that the page scores (kinds it knows), by survey id, sorted. */
export function groupsBySurvey<G extends Pick<ScoreGroup, 'surveyId' | 'kind'>>(groups: readonly G[]): Array<[string, G[]]> {
  const bySurvey = new Map<string, G[]>();
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
 * them for `unit`, oldest first), sorted by survey id.
 */
export function summarizeSurveys(groups: readonly ScoreGroup[], unit: TrendUnit = 'week'): SurveySummary[] {
  return groupsBySurvey(groups).map(([surveyId, list]) => summarize(surveyId, list, unit));
}
