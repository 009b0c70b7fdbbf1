import type { ScoreCategory } from '@hark/core/schema';
import type { CommentRow } from '../store/types.js';
import { barChart, lineChart } from './charts.js';
import { filterQuery, type ResultsFilter } from './filters.js';
import { escapeHtml as e, formatNumber, shortDate } from './html.js';
import { pageShell } from './pageStyle.js';
import type { SurveySummary } from './summary.js';

/** What the results page is drawn from. */
export interface ResultsView {
  readonly filter: ResultsFilter;
  /** Survey ids offered in the filter's list (a bounded number; any id can be typed). */
  readonly surveyIds: readonly string[];
  /** The surveys on this page, scored. */
  readonly summaries: readonly SurveySummary[];
  readonly comments: ReadonlyMap<string, readonly CommentRow[]>;
  /** Surveys matching the filters in all, and how many a page shows. */
  readonly totalSurveys: number;
  readonly pageSize: number;
}

const COLORS: Record<ScoreCategory, string> = {
  detractor: '#dc2626',
  passive: '#9ca3af',
  promoter: '#16a34a',
  low: '#dc2626',
  mid: '#9ca3af',
  high: '#16a34a',
};

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const percent = (value: number | null) => (value === null ? '—' : `${formatNumber(value)}%`);

function tiles(s: SurveySummary): string {
  const tile = (term: string, value: string, note = '') => `<div><dt>${e(term)}</dt><dd>${e(value)}${note ? `<small>${e(note)}</small>` : ''}</dd></div>`;
  const main =
    s.kind === 'nps'
      ? tile('NPS', s.score === null ? '—' : formatNumber(s.score, 0), `${plural(s.bands!.promoters, 'promoter')} · ${plural(s.bands!.passives, 'passive')} · ${plural(s.bands!.detractors, 'detractor')}`)
      : s.kind === 'csat'
        ? tile('CSAT', percent(s.score), `${s.satisfied} of ${s.responses} answered ${s.scale.max - 1}–${s.scale.max}`)
        : tile('CES', s.score === null ? '—' : formatNumber(s.score, 2), `mean on ${s.scale.min}–${s.scale.max}`);
  const rate = s.responseRate === null ? '—' : `${formatNumber(s.responseRate * 100)}%`;
  return `<dl class="tiles">${main}${tile('Responses', String(s.responses), s.otherScale ? `${s.otherScale} more on another scale, not scored` : '')}${tile('Shown', String(s.shown), `${s.dismissed} dismissed`)}${tile('Response rate', rate, 'answered / shown')}</dl>`;
}

function charts(s: SurveySummary): string {
  const name = s.kind.toUpperCase();
  const bars = s.distribution.map((count, index) => ({ label: String(s.scale.min + index), value: count, color: COLORS[s.categories[index]!] }));
  const range = s.kind === 'nps' ? { min: -100, max: 100 } : s.kind === 'csat' ? { min: 0, max: 100 } : s.scale;
  const points = s.weekly.map((point) => ({ label: point.week, value: point.score }));
  const distribution = `<figure><figcaption>Score distribution</figcaption>${barChart(`${s.surveyId}: how many answered each score`, bars)}${legend(s)}</figure>`;
  const trend = points.length
    ? `<figure><figcaption>${e(name)} by week</figcaption>${lineChart(`${s.surveyId}: ${name} by week`, points, range, { digits: s.kind === 'ces' ? 1 : 0 })}</figure>`
    : '';
  return `<div class="charts">${distribution}${trend}</div>`;
}

function legend(s: SurveySummary): string {
  const range = (band: ScoreCategory) => {
    const scores = s.categories.map((category, index) => (category === band ? s.scale.min + index : null)).filter((score) => score !== null);
    return scores.length === 0 ? '' : scores.length === 1 ? `${scores[0]}` : `${scores[0]}–${scores[scores.length - 1]}`;
  };
  const names = s.kind === 'nps' ? (['detractor', 'passive', 'promoter'] as const) : (['low', 'mid', 'high'] as const);
  const css = ['low', 'mid', 'high'];
  const words = s.kind === 'nps' ? ['detractors', 'passives', 'promoters'] : ['low', 'middle', 'high'];
  const items = names.map((band, i) => (range(band) ? `<span class="swatch ${css[i]}"></span>${words[i]} ${range(band)}` : '')).join('');
  return `<p class="legend">${items}</p>`;
}

function commentsTable(surveyId: string, rows: readonly CommentRow[]): string {
  if (rows.length === 0) return '<p>No comments yet.</p>';
  const body = rows.map((row) => `<tr><td>${e(row.score ?? '')}</td><td class="comment">${e(row.comment)}</td><td>${e(row.receivedAt.slice(0, 16).replace('T', ' '))}</td></tr>`).join('');
  return `<table aria-label="Latest comments on ${e(surveyId)}"><thead><tr><th>Score</th><th>Comment</th><th>Received (UTC)</th></tr></thead><tbody>${body}</tbody></table>`;
}

function surveySection(s: SurveySummary, comments: readonly CommentRow[]): string {
  const heading = `survey-${encodeURIComponent(s.surveyId).replace(/%/g, '_')}`;
  return `<section class="survey" aria-labelledby="${heading}"><h2 id="${heading}">${e(s.surveyId)} <span class="kind">${e(s.kind.toUpperCase())}, scale ${s.scale.min}–${s.scale.max}</span></h2>${tiles(s)}${charts(s)}<h3>Latest comments</h3>${commentsTable(s.surveyId, comments)}</section>`;
}

function filterForm(view: ResultsView): string {
  const { filter } = view;
  // A free text field with suggestions, not a <select>: with thousands of surveys a list of them all would be the page.
  const options = view.surveyIds.map((id) => `<option value="${e(id)}"></option>`).join('');
  return `<form method="get" action="/" aria-label="Filters"><label>Survey<input type="search" name="survey" list="survey-ids" value="${e(filter.survey)}" placeholder="All surveys" maxlength="128" autocomplete="off"></label><datalist id="survey-ids">${options}</datalist><label>From<input type="date" name="from" value="${e(filter.from)}"></label><label>To<input type="date" name="to" value="${e(filter.to)}"></label><button type="submit">Apply</button><a href="/export.csv${e(filterQuery(filter))}" download>Download CSV</a></form>`;
}

function pager(view: ResultsView): string {
  const { filter, totalSurveys, pageSize } = view;
  const pages = Math.max(1, Math.ceil(totalSurveys / pageSize));
  if (pages <= 1) return '';
  const link = (page: number, rel: string, text: string) => `<a href="/${e(filterQuery({ ...filter, page }))}" rel="${rel}">${text}</a>`;
  const previous = filter.page > 1 ? link(Math.min(filter.page - 1, pages), 'prev', 'Previous surveys') : '';
  const next = filter.page < pages ? link(filter.page + 1, 'next', 'Next surveys') : '';
  return `<nav class="pages" aria-label="Survey pages">${previous}<span>Page ${Math.min(filter.page, pages)} of ${pages}</span>${next}</nav>`;
}

function counted(view: ResultsView): string {
  const { totalSurveys, pageSize, filter } = view;
  if (totalSurveys <= pageSize) return plural(totalSurveys, 'survey');
  const first = (filter.page - 1) * pageSize + 1;
  return `Surveys ${Math.min(first, totalSurveys)}–${Math.min(first + pageSize - 1, totalSurveys)} of ${totalSurveys}`;
}

/** The whole results page as an HTML string: no scripts, no external assets. */
export function renderResultsPage(view: ResultsView): string {
  const { filter } = view;
  const range = filter.from || filter.to ? ` received from ${filter.from ? shortDate(filter.from) : 'the start'} to ${filter.to ? shortDate(filter.to) : 'today'}` : '';
  const notices = filter.problems.map((problem) => `<p class="notice" role="alert">${e(problem)}</p>`).join('');
  const sections = view.summaries.length
    ? view.summaries.map((s) => surveySection(s, view.comments.get(s.surveyId) ?? [])).join('')
    : '<section class="survey"><h2>No responses yet</h2><p>Answer a prompt in the example app, then reload this page.</p></section>';
  const signOut = '<form method="post" action="/logout"><button type="submit">Sign out</button></form>';
  return pageShell(
    'Hark results',
    `<header><h1>Hark results</h1>${signOut}</header><main>${notices}${filterForm(view)}<p>${e(counted(view))}${e(range)}. Reports go by when the collector received each record; dates are UTC; weeks start on Monday.</p>${sections}${pager(view)}</main>`,
  );
}
