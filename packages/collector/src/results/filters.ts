import type { RecordFilter } from '../store/types.js';
import { isDimension } from './breakdowns.js';
import type { TrendUnit } from './summary.js';

/** The results page's filters as the form shows them, plus what the store is asked. */
export interface ResultsFilter {
  /** Survey id, or '' for all surveys. */
  readonly survey: string;
  /** First day included, `YYYY-MM-DD` (UTC, by receipt), or ''. */
  readonly from: string;
  /** Last day included, `YYYY-MM-DD` (UTC, by receipt), or ''. */
  readonly to: string;
  /** Which page of surveys, from 1. */
  readonly page: number;
  /** The trend the page draws: by week (default) or by month. */
  readonly trend: TrendUnit;
  /** The dimension to break each survey down by (`attr:plan`, `locale`, `path`, `trigger`), or ''. */
  readonly by: string;
  /** What the store is asked for. */
  readonly query: RecordFilter;
  /** Filters that were ignored, in words, for the page to show. */
  readonly problems: readonly string[];
}

/** Longest survey id the wire contract allows. */
const MAX_SURVEY_ID = 128;
/** Pages past this are not offered (a page shows a few dozen surveys). */
const MAX_PAGE = 100_000;

/** Whether `value` is a real calendar day, `YYYY-MM-DD`. */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00.000Z`);
  // Date.parse rolls 2026-02-31 over to March; a round trip catches it.
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** Reads `survey`, `from`, `to` and `page` from a results-page or export URL. A bad value is ignored and reported, never fatal. */
export function parseResultsFilter(params: URLSearchParams): ResultsFilter {
  const problems: string[] = [];
  const survey = (params.get('survey') ?? '').trim().slice(0, MAX_SURVEY_ID);
  let from = (params.get('from') ?? '').trim();
  let to = (params.get('to') ?? '').trim();
  if (from && !isDay(from)) {
    problems.push(`Ignored the start date "${from.slice(0, 40)}": use YYYY-MM-DD.`);
    from = '';
  }
  if (to && !isDay(to)) {
    problems.push(`Ignored the end date "${to.slice(0, 40)}": use YYYY-MM-DD.`);
    to = '';
  }
  const trend: TrendUnit = params.get('trend') === 'month' ? 'month' : 'week';
  let by = (params.get('by') ?? '').trim();
  if (by && !isDimension(by)) {
    problems.push(`Ignored the breakdown "${by.slice(0, 40)}": pick one from the list.`);
    by = '';
  }
  const rawPage = Number(params.get('page') ?? 1);
  const page = Number.isInteger(rawPage) && rawPage >= 1 ? Math.min(rawPage, MAX_PAGE) : 1;
  const query: { surveyId?: string; from?: string; to?: string } = {};
  if (survey) query.surveyId = survey;
  if (from) query.from = from;
  if (to) query.to = to;
  return { survey, from, to, page, trend, by, query, problems };
}

/** The same filters as a query string (for links to the export and between pages); `page` 1 is left out. */
export function filterQuery(filter: Pick<ResultsFilter, 'survey' | 'from' | 'to'> & { readonly page?: number; readonly trend?: TrendUnit; readonly by?: string }): string {
  const params = new URLSearchParams();
  if (filter.survey) params.set('survey', filter.survey);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  if (filter.trend === 'month') params.set('trend', 'month');
  if (filter.by) params.set('by', filter.by);
  if (filter.page && filter.page > 1) params.set('page', String(filter.page));
  const text = params.toString();
  return text ? `?${text}` : '';
}
