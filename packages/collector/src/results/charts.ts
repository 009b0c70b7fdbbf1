import { escapeHtml, formatNumber, shortDate } from './html.js';

/** A score band, which gives a bar its colour (the page's CSS variables, light or dark). */
export type BarBand = 'low' | 'mid' | 'high';

/** One bar: its axis label, its height and its band. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly band: BarBand;
}

/** One point of a line; `null` leaves a gap. `low`/`high` draw its confidence band. */
export interface LinePoint {
  readonly label: string;
  readonly value: number | null;
  readonly low?: number | null;
  readonly high?: number | null;
}

/** One row of an interval chart: a value with its interval, or none when there are too few answers. */
export interface IntervalRow {
  readonly label: string;
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

/**
 * A vertical bar chart as an inline SVG string, counts written above each
 * bar so it reads without hovering. `title` is its accessible name.
 */
export function barChart(title: string, bars: readonly Bar[], { width = 430, height = 230 } = {}): string {
  const pad = { top: 24, right: 8, bottom: 36, left: 8 };
  const plotHeight = height - pad.top - pad.bottom;
  const slot = (width - pad.left - pad.right) / Math.max(1, bars.length);
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const body = bars
    .map((bar, index) => {
      const h = (bar.value / max) * plotHeight;
      const x = pad.left + index * slot + slot * 0.15;
      const y = pad.top + plotHeight - h;
      const mid = x + slot * 0.35;
      return [
        `<rect class="bar-${bar.band}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${Math.max(h, bar.value > 0 ? 1 : 0).toFixed(1)}" rx="2"><title>${escapeHtml(`${bar.label}: ${bar.value}`)}</title></rect>`,
        `<text x="${mid.toFixed(1)}" y="${(y - 6).toFixed(1)}" text-anchor="middle">${bar.value}</text>`,
        `<text x="${mid.toFixed(1)}" y="${(pad.top + plotHeight + 18).toFixed(1)}" text-anchor="middle">${escapeHtml(bar.label)}</text>`,
      ].join('');
    })
    .join('');
  const axis = `<line class="axis" x1="${pad.left}" x2="${width - pad.right}" y1="${pad.top + plotHeight}" y2="${pad.top + plotHeight}"/>`;
  const caption = `<text x="${width / 2}" y="${height - 4}" text-anchor="middle">score</text>`;
  return svg(title, width, height, axis + body + caption);
}

/**
 * A line over weeks or months as an inline SVG string, on a fixed y range (so
 * NPS −100..100 always looks the same), each point labelled with its value
 * rounded to `digits` decimals (default 0), with its 95 % interval as a
 * shaded band where the point has one.
 */
export function lineChart(
  title: string,
  points: readonly LinePoint[],
  range: { min: number; max: number },
  { width = 430, height = 230, digits = 0, unit = 'week' as 'week' | 'month' } = {},
): string {
  const pad = { top: 22, right: 24, bottom: 44, left: 44 };
  const plotWidth = width - pad.left - pad.right;
  const plotHeight = height - pad.top - pad.bottom;
  // Points sit inside the plot, clear of the axis labels, so their value labels never collide with the ticks.
  const inset = 24;
  const x = (index: number) => pad.left + inset + (points.length === 1 ? (plotWidth - 2 * inset) / 2 : (index / (points.length - 1)) * (plotWidth - 2 * inset));
  const clamp = (value: number) => Math.min(range.max, Math.max(range.min, value));
  const y = (value: number) => pad.top + plotHeight - ((clamp(value) - range.min) / (range.max - range.min)) * plotHeight;

  const ticks = [range.min, (range.min + range.max) / 2, range.max]
    .map((tick) => `<line class="grid" x1="${pad.left}" x2="${width - pad.right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}"/><text x="${pad.left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${formatNumber(tick)}</text>`)
    .join('');
  // Label at most ~8 points on the axis so the dates never overlap.
  const every = Math.max(1, Math.ceil(points.length / 8));
  const name = (label: string) => (unit === 'month' ? monthName(label) : shortDate(label));
  const labels = points
    .map((point, index) => (index % every === 0 || index === points.length - 1 ? `<text x="${x(index).toFixed(1)}" y="${height - 24}" text-anchor="middle">${escapeHtml(name(point.label))}</text>` : ''))
    .join('');

  const runs = <T>(pick: (point: LinePoint, index: number) => T | null): T[][] => {
    const found: T[][] = [[]];
    points.forEach((point, index) => {
      const value = pick(point, index);
      if (value === null) found.push([]);
      else found[found.length - 1]!.push(value);
    });
    return found;
  };
  const bands = runs((point, index) => (point.value !== null && point.low != null && point.high != null ? { x: x(index), low: y(point.low), high: y(point.high) } : null))
    .filter((run) => run.length > 0)
    .map((run) => {
      // A lone point gets a short vertical bar; a run, a band through its intervals.
      const edge = run.length === 1 ? [{ ...run[0]!, x: run[0]!.x - 3 }, { ...run[0]!, x: run[0]!.x + 3 }] : run;
      const outline = [...edge.map((p) => `${p.x.toFixed(1)},${p.high.toFixed(1)}`), ...[...edge].reverse().map((p) => `${p.x.toFixed(1)},${p.low.toFixed(1)}`)];
      return `<polygon class="band" points="${outline.join(' ')}"/>`;
    })
    .join('');
  const lines = runs((point, index) => (point.value === null ? null : `${x(index).toFixed(1)},${y(point.value).toFixed(1)}`))
    .filter((segment) => segment.length > 1)
    .map((segment) => `<polyline class="line" points="${segment.join(' ')}"/>`)
    .join('');
  const dots = points
    .map((point, index) =>
      point.value === null
        ? ''
        : `<circle class="dot" cx="${x(index).toFixed(1)}" cy="${y(point.value).toFixed(1)}" r="4"><title>${escapeHtml(`${unit} of ${point.label}: ${formatNumber(point.value)}`)}</title></circle>` +
          (points.length <= 12 ? `<text class="strong" x="${x(index).toFixed(1)}" y="${(y(point.value) - 9).toFixed(1)}" text-anchor="middle">${formatNumber(point.value, digits)}</text>` : ''),
    )
    .join('');
  const caption = `<text x="${pad.left + plotWidth / 2}" y="${height - 4}" text-anchor="middle">${unit} starting</text>`;
  return svg(title, width, height, ticks + bands + lines + dots + labels + caption);
}

/**
 * Values with their 95 % intervals, one row each (a dot on a whisker), on a
 * fixed x range: a breakdown reads at a glance which groups differ and which
 * only seem to. Rows without an interval show their value alone.
 */
export function intervalChart(title: string, rows: readonly IntervalRow[], range: { min: number; max: number }, { width = 520, digits = 0 } = {}): string {
  const rowHeight = 28;
  const pad = { top: 8, right: 48, bottom: 30, left: 150 };
  const height = pad.top + pad.bottom + rowHeight * Math.max(1, rows.length);
  const plotWidth = width - pad.left - pad.right;
  const x = (value: number) => pad.left + ((Math.min(range.max, Math.max(range.min, value)) - range.min) / (range.max - range.min)) * plotWidth;
  const ticks = [range.min, (range.min + range.max) / 2, range.max]
    .map((tick) => `<line class="grid" x1="${x(tick).toFixed(1)}" x2="${x(tick).toFixed(1)}" y1="${pad.top}" y2="${height - pad.bottom}"/><text x="${x(tick).toFixed(1)}" y="${height - 10}" text-anchor="middle">${formatNumber(tick)}</text>`)
    .join('');
  const body = rows
    .map((row, index) => {
      const cy = pad.top + rowHeight * index + rowHeight / 2;
      const label = `<text x="${pad.left - 8}" y="${(cy + 4).toFixed(1)}" text-anchor="end">${escapeHtml(row.label.length > 22 ? `${row.label.slice(0, 21)}…` : row.label)}</text>`;
      if (row.value === null) return `${label}<text x="${pad.left + 4}" y="${(cy + 4).toFixed(1)}">no answers</text>`;
      const whisker = row.low !== null && row.high !== null ? `<line class="whisker" x1="${x(row.low).toFixed(1)}" x2="${x(row.high).toFixed(1)}" y1="${cy}" y2="${cy}"/>` : '';
      const words = row.low !== null && row.high !== null ? `${row.label}: ${formatNumber(row.value, digits)} (95% interval ${formatNumber(row.low, digits)} to ${formatNumber(row.high, digits)})` : `${row.label}: ${formatNumber(row.value, digits)} (too few answers for an interval)`;
      return `${label}${whisker}<circle class="dot" cx="${x(row.value).toFixed(1)}" cy="${cy}" r="5"><title>${escapeHtml(words)}</title></circle><text class="strong" x="${width - 4}" y="${(cy + 4).toFixed(1)}" text-anchor="end">${formatNumber(row.value, digits)}</text>`;
    })
    .join('');
  return svg(title, width, height, ticks + body);
}

/** `2026-11-01` → `Nov 2026`, in UTC. */
function monthName(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : date.toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

let ids = 0;
function svg(title: string, width: number, height: number, body: string): string {
  const id = `chart-${++ids}`;
  return `<svg role="img" aria-labelledby="${id}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="${id}">${escapeHtml(title)}</title>${body}</svg>`;
}
