import type { Context } from 'hono';
import { HttpError } from '../http/httpError.js';
import type { ListCursor, RecordsStore } from '../store/types.js';
import { CSV_COLUMNS, csvLine, csvRow } from './csv.js';
import { isDay, parseResultsFilter, type ResultsFilter } from './filters.js';
import { reportsCsv, reportsJson } from './resultsData.js';
import { renderResultsPage } from './resultsPage.js';
import { reportSurveys, type SurveyReport } from './resultsReport.js';
import type { TrendUnit } from './summary.js';

/** How many surveys one results page shows; more are a click away. */
export const SURVEYS_PER_PAGE = 20;
/** How many survey ids the filter suggests. */
export const SUGGESTED_SURVEYS = 200;
/** The listing's page size: default and most. */
export const LIST_LIMIT = { default: 100, max: 500 };

/**
 * `GET /`: one page of surveys for the filters in the URL. Everything it reads
 * is bounded: a page of survey ids, their day counts, ten comments each.
 */
export async function resultsPage(c: Context, store: RecordsStore): Promise<Response> {
  const filter = parseResultsFilter(new URL(c.req.url).searchParams);
  const [suggested, { reports, total }] = await Promise.all([store.surveys({}, { offset: 0, limit: SUGGESTED_SURVEYS }), pageOfReports(store, filter, [filter.trend])]);
  return c.html(renderResultsPage({ filter, surveyIds: suggested.surveyIds, reports, totalSurveys: total, pageSize: SURVEYS_PER_PAGE }));
}

/** The reports of the filter's page of surveys (or of its one survey), and how many surveys match in all. */
async function pageOfReports(store: RecordsStore, filter: ResultsFilter, units: readonly TrendUnit[], options?: { comments: number }): Promise<{ reports: SurveyReport[]; total: number }> {
  const days = { ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}) };
  const onPage = filter.survey ? { surveyIds: [filter.survey], total: 1 } : await store.surveys(days, { offset: (filter.page - 1) * SURVEYS_PER_PAGE, limit: SURVEYS_PER_PAGE });
  const reports = await reportSurveys(store, onPage.surveyIds, filter, units, options);
  return { reports, total: filter.survey ? reports.length : onPage.total };
}

/**
 * `GET /v1/results`: the results page's figures as JSON (the same filters,
 * `survey`, `from`, `to`, `page`, `by`), with both trends, by week and by month.
 */
export async function resultsJson(c: Context, store: RecordsStore): Promise<Response> {
  const filter = parseResultsFilter(new URL(c.req.url).searchParams);
  const { reports, total } = await pageOfReports(store, filter, ['week', 'month'], { comments: 0 });
  return c.json(reportsJson(filter, reports, total, SURVEYS_PER_PAGE));
}

/** `GET /results.csv`: the same figures as `/v1/results`, one line per figure. */
export async function resultsCsv(c: Context, store: RecordsStore): Promise<Response> {
  const filter = parseResultsFilter(new URL(c.req.url).searchParams);
  const { reports } = await pageOfReports(store, filter, ['week', 'month'], { comments: 0 });
  const name = `hark-results${filter.survey ? `-${filter.survey.replace(/[^\w.-]+/g, '_')}` : ''}.csv`;
  return c.body(reportsCsv(reports), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` });
}

/** `GET /export.csv`: every matching record, streamed a page at a time as the client reads. */
export async function exportCsv(c: Context, store: RecordsStore): Promise<Response> {
  const filter = parseResultsFilter(new URL(c.req.url).searchParams);
  const name = `hark-records${filter.survey ? `-${filter.survey.replace(/[^\w.-]+/g, '_')}` : ''}.csv`;
  const pages = store.exportPages(filter.query)[Symbol.asyncIterator]();
  // Read the first page before answering, so a failing store still gets a clean error status.
  const first = await pages.next();
  const encoder = new TextEncoder();
  let pending: IteratorResult<unknown> | null = first;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(CSV_COLUMNS)));
    },
    // One store page per pull: a client that reads slowly holds the export back, never the memory.
    async pull(controller) {
      const page = pending ?? (await pages.next());
      pending = null;
      if (page.done) controller.close();
      else controller.enqueue(encoder.encode((page.value as Parameters<typeof csvRow>[0][]).map(csvRow).join('')));
    },
    async cancel() {
      await pages.return?.();
    },
  });
  return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` });
}

/**
 * `GET {path}`: the stored records as JSON, newest received first, a page at
 * a time: `limit` (at most 500), `cursor` from the last page's `nextCursor`,
 * filtered by `surveyId`, `from` and `to` (UTC days of receipt). `total`
 * counts every record the filters match.
 */
export async function listing(c: Context, store: RecordsStore): Promise<Response> {
  const query = (name: string) => c.req.query(name)?.trim() || undefined;
  const surveyId = query('surveyId');
  const from = query('from');
  const to = query('to');
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value !== undefined && !isDay(value)) throw new HttpError(400, `${name} must be a day, YYYY-MM-DD`);
  }
  const rawLimit = query('limit');
  const limit = rawLimit === undefined ? LIST_LIMIT.default : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT.max) throw new HttpError(400, `limit must be a whole number from 1 to ${LIST_LIMIT.max}`);
  const cursor = query('cursor');
  const after = cursor === undefined ? null : decodeCursor(cursor);
  const filter = { ...(surveyId ? { surveyId } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const [page, total] = await Promise.all([store.list({ ...filter, limit, after }), store.count(filter)]);
  return c.json({ total, records: page.records, nextCursor: page.next ? encodeCursor(page.next) : null });
}

const encodeCursor = (cursor: ListCursor) => Buffer.from(JSON.stringify([cursor.receivedAt, cursor.id])).toString('base64url');

function decodeCursor(text: string): ListCursor {
  try {
    const [receivedAt, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof receivedAt === 'string' && !Number.isNaN(Date.parse(receivedAt)) && typeof id === 'string' && id.length <= 64) return { receivedAt: new Date(receivedAt).toISOString(), id };
  } catch {
    // Reported below.
  }
  throw new HttpError(400, 'cursor is not one this collector gave out');
}
