import type { RecordFilter } from '../store/types.js';

/** The results page's filters as the form shows them, plus what the store is asked. */
export interface ResultsFilter {
  /** Survey id, or '' for all surveys. */
  readonly survey: string;
  /** First day included, `YYYY-MM-DD` (UTC), or ''. */
  readonly from: string;
  /** Last day included, `YYYY-MM-DD` (UTC), or ''. */
  readonly to: string;
  /** What the store is asked for. */
  readonly query: RecordFilter;
  /** Filters that were ignored, in words, for the page to show. */
  readonly problems: readonly string[];
}

const DAY_MS = 86_400_000;

function parseDay(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const time = Date.parse(`${value}T00:00:00.000Z`);
  // Date.parse rolls 2026-02-31 over to March; a round trip catches it.
  return Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value ? null : time;
}

/** Reads `survey`, `from` and `to` from a results-page or export URL. A bad date is ignored and reported, never fatal. */
export function parseResultsFilter(params: URLSearchParams): ResultsFilter {
  const problems: string[] = [];
  const survey = (params.get('survey') ?? '').slice(0, 128);
  let from = (params.get('from') ?? '').trim();
  let to = (params.get('to') ?? '').trim();
  const fromTime = from ? parseDay(from) : null;
  const toTime = to ? parseDay(to) : null;
  if (from && fromTime === null) {
    problems.push(`Ignored the start date "${from.slice(0, 40)}": use YYYY-MM-DD.`);
    from = '';
  }
  if (to && toTime === null) {
    problems.push(`Ignored the end date "${to.slice(0, 40)}": use YYYY-MM-DD.`);
    to = '';
  }
  const query: { surveyId?: string; from?: string; to?: string } = {};
  if (survey) query.surveyId = survey;
  if (from && fromTime !== null) query.from = new Date(fromTime).toISOString();
  // `to` is the last day shown, so the store's exclusive bound is the next midnight.
  if (to && toTime !== null) query.to = new Date(toTime + DAY_MS).toISOString();
  return { survey, from, to, query, problems };
}

/** The same filters as a query string (for links to the export and between views). */
export function filterQuery(filter: Pick<ResultsFilter, 'survey' | 'from' | 'to'>): string {
  const params = new URLSearchParams();
  if (filter.survey) params.set('survey', filter.survey);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  const text = params.toString();
  return text ? `?${text}` : '';
}
