import type { ScoreCategory } from '@hark/core';
import type { CommentRow } from '../store/types.js';
import { barChart, lineChart } from './charts.js';
import { filterQuery, type ResultsFilter } from './filters.js';
import { escapeHtml as e, formatNumber, shortDate } from './html.js';
import type { SurveySummary } from './summary.js';

/** What the results page is drawn from. */
export interface ResultsView {
  readonly filter: ResultsFilter;
  readonly surveyIds: readonly string[];
  readonly summaries: readonly SurveySummary[];
  readonly comments: ReadonlyMap<string, readonly CommentRow[]>;
}

const COLORS: Record<ScoreCategory, string> = {
  detractor: '#dc2626',
  passive: '#9ca3af',
  promoter: '#16a34a',
  low: '#dc2626',
  mid: '#9ca3af',
  high: '#16a34a',
};

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#111827;background:#f3f4f6}
header{background:#111827;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
main{max-width:1000px;margin:0 auto;padding:16px 24px 48px}
form{display:flex;flex-wrap:wrap;gap:12px;align-items:end;background:#fff;padding:12px 16px;border-radius:8px}
label{display:flex;flex-direction:column;font-size:13px;color:#374151}select,input,button{font:inherit;padding:4px 8px}
button{background:#2563eb;color:#fff;border:0;border-radius:6px;padding:6px 14px}a{color:#1d4ed8}
.notice{background:#fef3c7;padding:8px 12px;border-radius:6px}
section.survey{background:#fff;border-radius:8px;padding:16px 20px;margin-top:16px}
section.survey h2{margin:0 0 12px;font-size:18px}.kind{color:#6b7280;font-weight:normal}
dl.tiles{display:flex;flex-wrap:wrap;gap:12px;margin:0 0 12px}
dl.tiles div{background:#f9fafb;border:1px solid #e5e7eb;border-radius:8px;padding:8px 14px;min-width:130px}
dt{font-size:13px;color:#6b7280}dd{margin:0;font-size:24px;font-weight:600}dd small{display:block;font-size:12px;font-weight:normal;color:#4b5563}
.charts{display:flex;flex-wrap:wrap;gap:16px 32px}.legend{margin:0;font-size:13px;color:#374151}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px}.swatch.low{background:#dc2626}.swatch.mid{background:#9ca3af}.swatch.high{background:#16a34a}figure{margin:0}figcaption{font-weight:600;font-size:14px}
table{border-collapse:collapse;width:100%;margin-top:8px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top}
td.comment{white-space:pre-wrap;word-break:break-word}`;

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
  const body = rows.map((row) => `<tr><td>${e(row.score ?? '')}</td><td class="comment">${e(row.comment)}</td><td>${e(row.createdAt.slice(0, 16).replace('T', ' '))}</td></tr>`).join('');
  return `<table aria-label="Latest comments on ${e(surveyId)}"><thead><tr><th>Score</th><th>Comment</th><th>When (UTC)</th></tr></thead><tbody>${body}</tbody></table>`;
}

function surveySection(s: SurveySummary, comments: readonly CommentRow[]): string {
  const heading = `survey-${encodeURIComponent(s.surveyId).replace(/%/g, '_')}`;
  return `<section class="survey" aria-labelledby="${heading}"><h2 id="${heading}">${e(s.surveyId)} <span class="kind">${e(s.kind.toUpperCase())}, scale ${s.scale.min}–${s.scale.max}</span></h2>${tiles(s)}${charts(s)}<h3>Latest comments</h3>${commentsTable(s.surveyId, comments)}</section>`;
}

function filterForm(view: ResultsView): string {
  const { filter } = view;
  const options = ['<option value="">All surveys</option>', ...view.surveyIds.map((id) => `<option value="${e(id)}"${id === filter.survey ? ' selected' : ''}>${e(id)}</option>`)].join('');
  return `<form method="get" action="/" aria-label="Filters"><label>Survey<select name="survey">${options}</select></label><label>From<input type="date" name="from" value="${e(filter.from)}"></label><label>To<input type="date" name="to" value="${e(filter.to)}"></label><button type="submit">Apply</button><a href="/export.csv${e(filterQuery(filter))}" download>Download CSV</a></form>`;
}

/** The whole results page as an HTML string: no scripts, no external assets. */
export function renderResultsPage(view: ResultsView): string {
  const { filter } = view;
  const range = filter.from || filter.to ? ` from ${filter.from ? shortDate(filter.from) : 'the start'} to ${filter.to ? shortDate(filter.to) : 'today'}` : '';
  const notices = filter.problems.map((problem) => `<p class="notice" role="alert">${e(problem)}</p>`).join('');
  const sections = view.summaries.length
    ? view.summaries.map((s) => surveySection(s, view.comments.get(s.surveyId) ?? [])).join('')
    : '<section class="survey"><h2>No responses yet</h2><p>Answer a prompt in the example app, then reload this page.</p></section>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Hark results</title><style>${STYLE}</style></head><body><header><h1>Hark results</h1></header><main>${notices}${filterForm(view)}<p>${view.summaries.length} survey${view.summaries.length === 1 ? '' : 's'}${e(range)}. Dates are UTC; weeks start on Monday.</p>${sections}</main></body></html>`;
}
