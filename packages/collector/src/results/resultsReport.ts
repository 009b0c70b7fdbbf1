import type { LoopStats } from '../store/inboxStore.js';
import type { CommentRow, RecordsStore } from '../store/types.js';
import { summarizeBreakdown, type Breakdown } from './breakdowns.js';
import type { ResultsFilter } from './filters.js';
import { groupsBySurvey, summarize, type SurveySummary, type TrendPoint, type TrendUnit } from './summary.js';

/** Everything reported about one survey: what the page draws, the JSON API returns and the CSV lists. */
export interface SurveyReport {
  /** The headline, its interval, counts, response rate, and the trend the page draws. */
  readonly summary: SurveySummary;
  /** The trend by each unit asked for. */
  readonly trends: Partial<Record<TrendUnit, readonly TrendPoint[]>>;
  /** Response rate and score per trigger. */
  readonly triggers: Breakdown;
  /** The breakdown asked for (`by`), or null. */
  readonly breakdown: Breakdown | null;
  /** Close-the-loop figures: low answers, how many were contacted, the median time to first contact. */
  readonly loop: LoopStats;
  /** The dimensions this survey's records were counted under, for the breakdown's list. */
  readonly dimensions: readonly string[];
  readonly comments: readonly CommentRow[];
}

/** How many comments each survey shows. */
export const LATEST_COMMENTS = 10;

const NO_LOOP: LoopStats = { low: 0, contacted: 0, medianSeconds: null };

/**
 * Reports on `surveyIds` for the filter's days: one read of counts per trend
 * unit and per breakdown, one of close-the-loop figures, and the latest
 * comments per survey. Every read is bounded by the surveys on one page.
 */
export async function reportSurveys(store: RecordsStore, surveyIds: readonly string[], filter: ResultsFilter, units: readonly TrendUnit[], { comments = LATEST_COMMENTS } = {}): Promise<SurveyReport[]> {
  const days = { ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}) };
  const scope = { ...days, surveyIds };
  const [groupsByUnit, triggerGroups, breakdownGroups, loops] = await Promise.all([
    Promise.all(units.map((unit) => store.scoreGroups(scope, unit))),
    store.dimensionGroups(scope, 'trigger'),
    filter.by ? store.dimensionGroups(scope, filter.by) : Promise.resolve([]),
    store.inbox.loop(surveyIds, days),
  ]);
  const triggersBySurvey = new Map(groupsBySurvey(triggerGroups));
  const breakdownBySurvey = new Map(groupsBySurvey(breakdownGroups));
  const trendsBySurvey = units.map((unit, index) => new Map(groupsBySurvey(groupsByUnit[index]!).map(([surveyId, list]) => [surveyId, summarize(surveyId, list, unit)])));
  const reports: SurveyReport[] = [];
  for (const [surveyId, summary] of trendsBySurvey[0]!) {
    const [dimensions, latest] = await Promise.all([store.dimensions([surveyId]), comments > 0 ? store.comments({ ...days, surveyId }, comments) : Promise.resolve([])]);
    reports.push({
      summary,
      trends: Object.fromEntries(units.map((unit, index) => [unit, trendsBySurvey[index]!.get(surveyId)?.trend ?? []])),
      triggers: summarizeBreakdown(summary, 'trigger', triggersBySurvey.get(surveyId) ?? []),
      breakdown: filter.by ? summarizeBreakdown(summary, filter.by, breakdownBySurvey.get(surveyId) ?? []) : null,
      loop: loops.get(surveyId) ?? NO_LOOP,
      dimensions,
      comments: latest,
    });
    // One survey at a time, letting the event loop in between: ingest requests never wait for a whole page.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return reports;
}
