import type { Breakdown, BreakdownRow } from './breakdowns.js';
import { csvLine } from './csv.js';
import type { ResultsFilter } from './filters.js';
import { INTERVAL_METHODS, MIN_ANSWERS_FOR_INTERVAL, type Interval } from './intervals.js';
import type { SurveyReport } from './resultsReport.js';
import type { TrendPoint } from './summary.js';

const rowJson = (row: BreakdownRow) => ({
  value: row.value,
  /** How many values an "Other" row holds (0 otherwise). */
  other: row.folded,
  answered: row.answered,
  shown: row.shown,
  responseRate: row.responseRate,
  responses: row.responses,
  score: row.score,
  interval: row.interval,
});
const breakdownJson = (breakdown: Breakdown) => ({ dim: breakdown.dim, rows: breakdown.rows.map(rowJson) });

/** The JSON API's body: the page's figures, with both trends, unrounded. */
export function reportsJson(filter: ResultsFilter, reports: readonly SurveyReport[], totalSurveys: number, pageSize: number) {
  return {
    filters: { survey: filter.survey || null, from: filter.from || null, to: filter.to || null, page: filter.page, by: filter.by || null },
    totalSurveys,
    pageSize,
    confidence: 0.95,
    minAnswersForInterval: MIN_ANSWERS_FOR_INTERVAL,
    surveys: reports.map(({ summary: s, trends, triggers, breakdown, loop }) => ({
      surveyId: s.surveyId,
      kind: s.kind,
      scale: s.scale,
      score: s.score,
      interval: s.interval,
      method: INTERVAL_METHODS[s.kind],
      responses: s.responses,
      shown: s.shown,
      dismissed: s.dismissed,
      responseRate: s.responseRate,
      bands: s.bands,
      satisfied: s.satisfied,
      distribution: s.distribution,
      otherScale: s.otherScale,
      closeTheLoop: { low: loop.low, contacted: loop.contacted, rate: loop.low > 0 ? loop.contacted / loop.low : null, medianSecondsToFirstContact: loop.medianSeconds },
      trends: Object.fromEntries(Object.entries(trends).map(([unit, points]) => [unit, points])),
      byTrigger: breakdownJson(triggers).rows,
      breakdown: breakdown ? breakdownJson(breakdown) : null,
    })),
  };
}

/** The columns of `/results.csv`. */
export const RESULTS_CSV_COLUMNS = ['survey_id', 'kind', 'figure', 'key', 'responses', 'score', 'ci_low', 'ci_high', 'shown', 'answered', 'response_rate'] as const;

type Line = Array<string | number | null>;

/**
 * The same figures as `reportsJson`, one CSV line each: `overall`, `week` and
 * `month` (key: the period's first day), `trigger` and `by:<dim>` (key: the
 * value), `close_the_loop` (responses: low answers, answered: contacted,
 * score: the rate in %), `first_contact_median_seconds` (score).
 */
export function reportsCsv(reports: readonly SurveyReport[]): string {
  const lines: Line[] = [[...RESULTS_CSV_COLUMNS]];
  const ci = (interval: Interval | null) => [interval?.low ?? null, interval?.high ?? null];
  for (const { summary: s, trends, triggers, breakdown, loop } of reports) {
    const line = (figure: string, key: string, rest: Line) => lines.push([s.surveyId, s.kind, figure, key, ...rest]);
    line('overall', '', [s.responses, s.score, ...ci(s.interval), s.shown, s.responses + s.otherScale, s.responseRate]);
    for (const [unit, points] of Object.entries(trends) as Array<[string, readonly TrendPoint[]]>) {
      for (const point of points) line(unit, point.period, [point.responses, point.score, ...ci(point.interval), null, null, null]);
    }
    for (const [figure, rows] of [['trigger', triggers.rows], ...(breakdown ? [[`by:${breakdown.dim}`, breakdown.rows] as const] : [])] as const) {
      for (const row of rows) line(figure, row.folded ? `Other (${row.folded})` : row.value, [row.responses, row.score, ...ci(row.interval), row.shown, row.answered, row.responseRate]);
    }
    line('close_the_loop', '', [loop.low, loop.low > 0 ? (loop.contacted / loop.low) * 100 : null, null, null, null, loop.contacted, null]);
    line('first_contact_median_seconds', '', [null, loop.medianSeconds, null, null, null, null, null]);
  }
  return lines.map(csvLine).join('');
}
