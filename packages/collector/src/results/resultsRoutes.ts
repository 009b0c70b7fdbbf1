import type { ServerResponse } from 'node:http';
import type { CommentRow, RecordsStore } from '../store/types.js';
import { CSV_COLUMNS, csvLine, csvRow } from './csv.js';
import { parseResultsFilter } from './filters.js';
import { renderResultsPage } from './resultsPage.js';
import { summarizeSurveys } from './summary.js';

/** How many comments each survey shows. */
export const LATEST_COMMENTS = 10;

// The page has no scripts at all; the policy makes sure a stored comment can never add one.
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
};

/** `GET /`: the results page for the filters in `url`. */
export async function sendResultsPage(res: ServerResponse, url: URL, store: RecordsStore): Promise<void> {
  const filter = parseResultsFilter(url.searchParams);
  const [surveyIds, groups] = await Promise.all([store.surveyIds(), store.scoreGroups(filter.query)]);
  const summaries = summarizeSurveys(groups);
  const comments = new Map<string, readonly CommentRow[]>(
    await Promise.all(summaries.map(async (s) => [s.surveyId, await store.comments({ ...filter.query, surveyId: s.surveyId }, LATEST_COMMENTS)] as const)),
  );
  const html = renderResultsPage({ filter, surveyIds, summaries, comments });
  res.writeHead(200, { ...PAGE_HEADERS, 'Content-Length': String(Buffer.byteLength(html)) });
  res.end(html);
}

/** `GET /export.csv`: every matching record, streamed a page at a time with backpressure. */
export async function sendExport(res: ServerResponse, url: URL, store: RecordsStore): Promise<void> {
  const filter = parseResultsFilter(url.searchParams);
  const name = `hark-records${filter.survey ? `-${filter.survey.replace(/[^\w.-]+/g, '_')}` : ''}.csv`;
  const pages = store.exportPages(filter.query)[Symbol.asyncIterator]();
  // Read the first page before answering, so a failing store still gets a clean error status.
  let page = await pages.next();
  res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' });
  res.write(csvLine(CSV_COLUMNS));
  while (!page.done) {
    if (!res.write(page.value.map(csvRow).join(''))) {
      // A client that goes away never drains; 'close' ends the wait too.
      await new Promise((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    }
    if (res.destroyed) {
      await pages.return?.();
      return;
    }
    page = await pages.next();
  }
  res.end();
}
