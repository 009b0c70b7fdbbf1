import type { ScoreCategory } from '@hark/core/schema';
import type { CommentRow } from '../store/types.js';
import { dimensionLabel, type Breakdown } from './breakdowns.js';
import { barChart, intervalChart, lineChart, type BarBand } from './charts.js';
import { filterQuery, type ResultsFilter } from './filters.js';
import { escapeHtml as e, formatNumber, shortDate } from './html.js';
import { INTERVAL_METHODS, MIN_ANSWERS_FOR_INTERVAL, type Interval } from './intervals.js';
import { adminPage } from './pageStyle.js';
import type { SurveyReport } from './resultsReport.js';
import type { SurveySummary, TrendPoint } from './summary.js';

/** What the results page is drawn from. */
export interface ResultsView {
  readonly filter: ResultsFilter;
  /** Survey ids offered in the filter's list (a bounded number; any id can be typed). */
  readonly surveyIds: readonly string[];
  /** The surveys on this page. */
  readonly reports: readonly SurveyReport[];
  /** Surveys matching the filters in all, and how many a page shows. */
  readonly totalSurveys: number;
  readonly pageSize: number;
}

const BAND: Record<ScoreCategory, BarBand> = { detractor: 'low', passive: 'mid', promoter: 'high', low: 'low', mid: 'mid', high: 'high' };

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const percent = (value: number | null) => (value === null ? '—' : `${formatNumber(value)}%`);
const rate = (value: number | null) => (value === null ? '—' : `${formatNumber(value * 100)}%`);

/** A score in its unit: NPS whole points, CSAT %, CES two decimals. */
export function scoreText(kind: string, score: number | null): string {
  if (score === null) return '—';
  return kind === 'csat' ? percent(score) : formatNumber(score, kind === 'ces' ? 2 : 0);
}

/** An interval in words, or why there is none. */
export function intervalText(kind: string, interval: Interval | null, responses: number): string {
  if (interval) return `95% interval ${scoreText(kind, interval.low)} to ${scoreText(kind, interval.high)}`;
  return responses === 0 ? 'no answers' : `too few answers for an interval (${responses} of ${MIN_ANSWERS_FOR_INTERVAL})`;
}

/** A duration in words: `45 min`, `3 h`, `2.5 days`. */
export function durationText(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min`;
  if (seconds < 2 * 86_400) return `${formatNumber(seconds / 3600)} h`;
  return `${formatNumber(seconds / 86_400)} days`;
}

const tile = (term: string, value: string, ...notes: string[]) => `<div><dt>${e(term)}</dt><dd>${e(value)}${notes.map((note) => `<small>${e(note)}</small>`).join('')}</dd></div>`;

function tiles(report: SurveyReport): string {
  const s = report.summary;
  const interval = intervalText(s.kind, s.interval, s.responses);
  const main =
    s.kind === 'nps'
      ? tile('NPS', scoreText('nps', s.score), interval, `${plural(s.bands!.promoters, 'promoter')} · ${plural(s.bands!.passives, 'passive')} · ${plural(s.bands!.detractors, 'detractor')}`)
      : s.kind === 'csat'
        ? tile('CSAT', scoreText('csat', s.score), interval, `${s.satisfied} of ${s.responses} answered ${s.scale.max - 1}–${s.scale.max}`)
        : tile('CES', scoreText('ces', s.score), interval, `mean on ${s.scale.min}–${s.scale.max}`);
  const low = s.kind === 'nps' ? 'detractors' : 'low answers';
  const { loop } = report;
  const closed = loop.low > 0 ? `${formatNumber((loop.contacted / loop.low) * 100)}%` : '—';
  return `<dl class="tiles">${main}${tile('Responses', String(s.responses), ...(s.otherScale ? [`${s.otherScale} more on another scale, not scored`] : []))}${tile('Shown', String(s.shown), `${s.dismissed} dismissed`)}${tile('Response rate', rate(s.responseRate), 'answered / shown')}${tile('Close the loop', closed, `${loop.contacted} of ${plural(loop.low, low.replace(/s$/, ''))} contacted`)}${tile('First contact', durationText(loop.medianSeconds), 'median time from answer to contact')}</dl>`;
}

function charts(report: SurveyReport, filter: ResultsFilter): string {
  const s = report.summary;
  const name = s.kind.toUpperCase();
  const bars = s.distribution.map((count, index) => ({ label: String(s.scale.min + index), value: count, band: BAND[s.categories[index]!] }));
  const points = s.trend.map((point) => ({ label: point.period, value: point.score, low: point.interval?.low ?? null, high: point.interval?.high ?? null }));
  const distribution = `<figure><figcaption>Score distribution</figcaption>${barChart(`${s.surveyId}: how many answered each score`, bars)}${legend(s)}</figure>`;
  const other = filter.trend === 'week' ? 'month' : 'week';
  const switchLink = `<a href="/${e(filterQuery({ ...filter, survey: filter.survey, trend: other }))}#${sectionId(s.surveyId)}">By ${other}</a>`;
  const trend = points.length
    ? `<figure><figcaption>${e(name)} by ${s.trendUnit}, with 95% intervals · ${switchLink}</figcaption>${lineChart(`${s.surveyId}: ${name} by ${s.trendUnit}`, points, scoreRange(s), { digits: s.kind === 'ces' ? 1 : 0, unit: s.trendUnit })}</figure>`
    : '';
  return `<div class="charts">${distribution}${trend}</div>${points.length ? trendTable(s, s.trend) : ''}`;
}

const scoreRange = (s: Pick<SurveySummary, 'kind' | 'scale'>) => (s.kind === 'nps' ? { min: -100, max: 100 } : s.kind === 'csat' ? { min: 0, max: 100 } : s.scale);

function trendTable(s: SurveySummary, trend: readonly TrendPoint[]): string {
  const rows = trend
    .map((point) => `<tr><td>${e(point.period)}</td><td class="num">${point.responses}</td><td class="num">${e(scoreText(s.kind, point.score))}</td><td>${e(point.interval ? `${scoreText(s.kind, point.interval.low)} to ${scoreText(s.kind, point.interval.high)}` : point.responses ? 'too few answers' : '')}</td></tr>`)
    .join('');
  return `<details><summary>The ${s.trendUnit}ly trend as a table</summary><table><caption class="muted">${e(s.surveyId)} by ${s.trendUnit} (${s.trendUnit} starting, UTC)</caption><thead><tr><th>${s.trendUnit === 'week' ? 'Week' : 'Month'}</th><th class="num">Answers</th><th class="num">${e(s.kind.toUpperCase())}</th><th>95% interval</th></tr></thead><tbody>${rows}</tbody></table></details>`;
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

/** A breakdown as a table (the text) and an interval chart (the picture). */
function breakdownTable(s: SurveySummary, breakdown: Breakdown, caption: string, chart: boolean): string {
  if (breakdown.rows.length === 0) return `<p class="muted">Nothing recorded for ${e(dimensionLabel(breakdown.dim))} in this range.</p>`;
  const label = (row: Breakdown['rows'][number]) => (row.folded ? `Other (${plural(row.folded, 'value')})` : row.value);
  const rows = breakdown.rows
    .map(
      (row) =>
        `<tr><th scope="row">${e(label(row))}</th><td class="num">${row.answered}</td><td class="num">${e(scoreText(s.kind, row.score))}</td><td>${e(row.interval ? `${scoreText(s.kind, row.interval.low)} to ${scoreText(s.kind, row.interval.high)}` : row.responses ? 'too few answers' : '—')}</td><td class="num">${row.shown}</td><td class="num">${e(rate(row.responseRate))}</td></tr>`,
    )
    .join('');
  const picture = chart
    ? intervalChart(
        `${s.surveyId}: ${s.kind.toUpperCase()} by ${dimensionLabel(breakdown.dim)}, with 95% intervals`,
        breakdown.rows.map((row) => ({ label: label(row), value: row.score, low: row.interval?.low ?? null, high: row.interval?.high ?? null })),
        scoreRange(s),
        { digits: s.kind === 'ces' ? 1 : 0 },
      )
    : '';
  return `${picture}<table><caption class="muted">${e(caption)}</caption><thead><tr><th>${e(dimensionLabel(breakdown.dim))}</th><th class="num">Answers</th><th class="num">${e(s.kind.toUpperCase())}</th><th>95% interval</th><th class="num">Shown</th><th class="num">Response rate</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function breakdownForm(report: SurveyReport, filter: ResultsFilter): string {
  const id = sectionId(report.summary.surveyId);
  const options = ['trigger', 'locale', 'path', ...report.dimensions.filter((dim) => dim.startsWith('attr:'))]
    .map((dim) => `<option value="${e(dim)}"${dim === filter.by ? ' selected' : ''}>${e(dimensionLabel(dim))}</option>`)
    .join('');
  const keep = (['survey', 'from', 'to'] as const).map((name) => (filter[name] ? `<input type="hidden" name="${name}" value="${e(filter[name])}">` : '')).join('') + (filter.trend === 'month' ? '<input type="hidden" name="trend" value="month">' : '');
  return `<form class="panel" method="get" action="/#${id}" aria-label="Break down ${e(report.summary.surveyId)}">${keep}<label>Break down by<select name="by" id="${id}-by">${options}</select></label><button type="submit">Show</button></form>`;
}

function commentsTable(surveyId: string, rows: readonly CommentRow[]): string {
  if (rows.length === 0) return '<p>No comments yet.</p>';
  const body = rows
    .map((row) => `<tr><td>${e(row.score ?? '')}</td><td class="comment">${e(row.comment)}</td><td>${e(row.receivedAt.slice(0, 16).replace('T', ' '))}</td><td><a href="/inbox/${e(encodeURIComponent(row.id))}">Follow up<span class="sr"> on this comment</span></a></td></tr>`)
    .join('');
  return `<table aria-label="Latest comments on ${e(surveyId)}"><thead><tr><th>Score</th><th>Comment</th><th>Received (UTC)</th><th>Inbox</th></tr></thead><tbody>${body}</tbody></table>`;
}

const sectionId = (surveyId: string) => `survey-${encodeURIComponent(surveyId).replace(/%/g, '_')}`;

function surveySection(report: SurveyReport, filter: ResultsFilter): string {
  const s = report.summary;
  const id = sectionId(s.surveyId);
  const triggers = breakdownTable(s, report.triggers, `Response rate and ${s.kind.toUpperCase()} per trigger`, false);
  const breakdown = report.breakdown ? breakdownTable(s, report.breakdown, `${s.kind.toUpperCase()} by ${dimensionLabel(report.breakdown.dim)}: the ${report.breakdown.rows.length > 1 ? 'values with the most answers' : 'one value'}`, true) : '';
  return `<section class="survey" id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${e(s.surveyId)} <span class="kind">${e(s.kind.toUpperCase())}, scale ${s.scale.min}–${s.scale.max}</span></h2>${tiles(report)}<p class="muted">Intervals: ${e(INTERVAL_METHODS[s.kind])}; none below ${MIN_ANSWERS_FOR_INTERVAL} answers. <a href="/inbox?survey=${e(encodeURIComponent(s.surveyId))}&amp;band=low">Low answers in the inbox</a></p>${charts(report, filter)}<h3>By trigger</h3>${triggers}<h3>Breakdown</h3>${breakdownForm(report, filter)}${breakdown}<h3>Latest comments</h3>${commentsTable(s.surveyId, report.comments)}</section>`;
}

function filterForm(view: ResultsView): string {
  const { filter } = view;
  // A free text field with suggestions, not a <select>: with thousands of surveys a list of them all would be the page.
  const options = view.surveyIds.map((id) => `<option value="${e(id)}"></option>`).join('');
  const keep = (filter.trend === 'month' ? '<input type="hidden" name="trend" value="month">' : '') + (filter.by ? `<input type="hidden" name="by" value="${e(filter.by)}">` : '');
  return `<form class="panel" method="get" action="/" aria-label="Filters">${keep}<label>Survey<input type="search" name="survey" list="survey-ids" value="${e(filter.survey)}" placeholder="All surveys" maxlength="128" autocomplete="off"></label><datalist id="survey-ids">${options}</datalist><label>From<input type="date" name="from" value="${e(filter.from)}"></label><label>To<input type="date" name="to" value="${e(filter.to)}"></label><button type="submit">Apply</button><a href="/export.csv${e(filterQuery({ survey: filter.survey, from: filter.from, to: filter.to }))}" download>Download CSV</a><a href="/results.csv${e(filterQuery(filter))}" download>Figures as CSV</a><a href="/v1/results${e(filterQuery(filter))}">JSON</a></form>`;
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
  const sections = view.reports.length
    ? view.reports.map((report) => surveySection(report, filter)).join('')
    : '<section class="survey"><h2>No responses yet</h2><p>Answer a prompt in the example app, then reload this page.</p></section>';
  return adminPage(
    'Results',
    'Results',
    `<h2>Results</h2>${notices}${filterForm(view)}<p>${e(counted(view))}${e(range)}. Reports go by when the collector received each record; dates are UTC; weeks start on Monday.</p>${sections}${pager(view)}`,
  );
}
