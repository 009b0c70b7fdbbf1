import { escapeHtml, formatNumber, shortDate } from './html.js';

/** One bar: its axis label, its height and its fill. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly color: string;
}

/** One point of a line; `null` leaves a gap. */
export interface LinePoint {
  readonly label: string;
  readonly value: number | null;
}

const FONT = 'font-family="system-ui, sans-serif" font-size="12" fill="#374151"';

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
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${Math.max(h, bar.value > 0 ? 1 : 0).toFixed(1)}" fill="${bar.color}" rx="2"><title>${escapeHtml(`${bar.label}: ${bar.value}`)}</title></rect>`,
        `<text x="${mid.toFixed(1)}" y="${(y - 6).toFixed(1)}" text-anchor="middle" ${FONT}>${bar.value}</text>`,
        `<text x="${mid.toFixed(1)}" y="${(pad.top + plotHeight + 18).toFixed(1)}" text-anchor="middle" ${FONT}>${escapeHtml(bar.label)}</text>`,
      ].join('');
    })
    .join('');
  const axis = `<line x1="${pad.left}" x2="${width - pad.right}" y1="${pad.top + plotHeight}" y2="${pad.top + plotHeight}" stroke="#9ca3af"/>`;
  const caption = `<text x="${width / 2}" y="${height - 4}" text-anchor="middle" ${FONT}>score</text>`;
  return svg(title, width, height, axis + body + caption);
}

/**
 * A line over weeks as an inline SVG string, on a fixed y range (so NPS
 * −100..100 always looks the same), each point labelled with its value
 * rounded to `digits` decimals (default 0).
 */
export function lineChart(title: string, points: readonly LinePoint[], range: { min: number; max: number }, { width = 430, height = 230, digits = 0 } = {}): string {
  const pad = { top: 22, right: 24, bottom: 44, left: 44 };
  const plotWidth = width - pad.left - pad.right;
  const plotHeight = height - pad.top - pad.bottom;
  // Points sit inside the plot, clear of the axis labels, so their value labels never collide with the ticks.
  const inset = 24;
  const x = (index: number) => pad.left + inset + (points.length === 1 ? (plotWidth - 2 * inset) / 2 : (index / (points.length - 1)) * (plotWidth - 2 * inset));
  const y = (value: number) => pad.top + plotHeight - ((value - range.min) / (range.max - range.min)) * plotHeight;

  const ticks = [range.min, (range.min + range.max) / 2, range.max]
    .map((tick) => `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#e5e7eb"/><text x="${pad.left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end" ${FONT}>${formatNumber(tick)}</text>`)
    .join('');
  // Label at most ~8 weeks on the axis so the dates never overlap.
  const every = Math.max(1, Math.ceil(points.length / 8));
  const labels = points
    .map((point, index) => (index % every === 0 || index === points.length - 1 ? `<text x="${x(index).toFixed(1)}" y="${height - 24}" text-anchor="middle" ${FONT}>${escapeHtml(shortDate(point.label))}</text>` : ''))
    .join('');

  const segments: string[][] = [[]];
  points.forEach((point, index) => {
    if (point.value === null) segments.push([]);
    else segments[segments.length - 1]!.push(`${x(index).toFixed(1)},${y(point.value).toFixed(1)}`);
  });
  const lines = segments
    .filter((segment) => segment.length > 1)
    .map((segment) => `<polyline points="${segment.join(' ')}" fill="none" stroke="#2563eb" stroke-width="2.5"/>`)
    .join('');
  const dots = points
    .map((point, index) =>
      point.value === null
        ? ''
        : `<circle cx="${x(index).toFixed(1)}" cy="${y(point.value).toFixed(1)}" r="4" fill="#2563eb"><title>${escapeHtml(`week of ${point.label}: ${formatNumber(point.value)}`)}</title></circle>` +
          (points.length <= 12 ? `<text x="${x(index).toFixed(1)}" y="${(y(point.value) - 9).toFixed(1)}" text-anchor="middle" ${FONT} font-weight="600">${formatNumber(point.value, digits)}</text>` : ''),
    )
    .join('');
  const caption = `<text x="${pad.left + plotWidth / 2}" y="${height - 4}" text-anchor="middle" ${FONT}>week starting</text>`;
  return svg(title, width, height, ticks + lines + dots + labels + caption);
}

let ids = 0;
function svg(title: string, width: number, height: number, body: string): string {
  const id = `chart-${++ids}`;
  return `<svg role="img" aria-labelledby="${id}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="${id}">${escapeHtml(title)}</title>${body}</svg>`;
}
