import { categorize, ces, csat, DEFAULT_SCALES, nps, type CesResult, type CsatResult, type NpsResult, type Scale, type SurveyKind } from '@hark/core/schema';
import { meanInterval, npsInterval, wilsonInterval, type ExportRow, type Interval, type SurveySummary, type TrendPoint, type TrendUnit } from '@hark/collector';

// The results page's figures computed from every matching record, oldest
// received first (by receivedAt, then id), scored with @hark/core's
// nps/csat/ces. The oracle the day counts are held to; it favours plain over fast.

const KINDS: readonly string[] = ['nps', 'ces', 'csat'];
const DAY_MS = 86_400_000;
const POINTS: Record<TrendUnit, number> = { week: 26, month: 24 };

const score = (kind: SurveyKind, scores: readonly number[], scale: Scale): NpsResult | CsatResult | CesResult =>
  kind === 'nps' ? nps(scores, scale) : kind === 'csat' ? csat(scores, scale) : ces(scores, scale);

function monday(iso: string): number {
  const date = new Date(iso);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - ((date.getUTCDay() + 6) % 7) * DAY_MS;
}

const firstOfMonth = (iso: string) => Date.UTC(new Date(iso).getUTCFullYear(), new Date(iso).getUTCMonth(), 1);
const nextMonth = (time: number) => Date.UTC(new Date(time).getUTCFullYear(), new Date(time).getUTCMonth() + 1, 1);

// The interval of a result, straight from its counts.
function intervalOf(kind: SurveyKind, result: NpsResult | CsatResult | CesResult, scale: Scale): Interval | null {
  if ('promoters' in result) return npsInterval(result.promoters, result.passives, result.detractors);
  if ('satisfied' in result) return wilsonInterval(result.satisfied, result.responses);
  return meanInterval(result.distribution, scale);
}

// The most used scale; on a tie, the one seen first.
function mostUsed(answers: readonly ExportRow[], kind: SurveyKind): Scale {
  const keys = answers.filter((row) => row.scaleMin !== null && row.scaleMax !== null).map((row) => `${row.scaleMin}:${row.scaleMax}`);
  const uses = (key: string) => keys.filter((other) => other === key).length;
  const best = [...new Set(keys)].reduce<string | null>((top, key) => (top === null || uses(key) > uses(top) ? key : top), null);
  if (best === null) return DEFAULT_SCALES[kind];
  const [min, max] = best.split(':').map(Number) as [number, number];
  return { min, max };
}

function survey(surveyId: string, records: readonly ExportRow[], unit: TrendUnit): SurveySummary {
  const answers = records.filter((row) => row.type === 'response' && row.score !== null);
  const kind = (answers[0] ?? records[0])!.kind as SurveyKind;
  const scale = mostUsed(answers, kind);
  const scored = answers.filter((row) => row.kind === kind && row.scaleMin === scale.min && row.scaleMax === scale.max && row.score! >= scale.min && row.score! <= scale.max);
  const result = score(kind, scored.map((row) => row.score!), scale);
  const shown = records.filter((row) => row.type === 'shown').length;

  const starts = scored.map((row) => (unit === 'week' ? monday(row.receivedAt) : firstOfMonth(row.receivedAt)));
  const periods: number[] = [];
  for (let period = Math.min(...starts); scored.length > 0 && period <= Math.max(...starts); period = unit === 'week' ? period + 7 * DAY_MS : nextMonth(period)) periods.push(period);
  const trend: TrendPoint[] = periods.slice(-POINTS[unit]).map((period) => {
    const inPeriod = score(kind, scored.filter((_, index) => starts[index] === period).map((row) => row.score!), scale);
    return { period: new Date(period).toISOString().slice(0, 10), responses: inPeriod.responses, score: inPeriod.score, interval: intervalOf(kind, inPeriod, scale) };
  });

  return {
    score: result.score,
    interval: intervalOf(kind, result, scale),
    responses: scored.length,
    shown,
    dismissed: records.filter((row) => row.type === 'dismissed').length,
    responseRate: shown > 0 ? answers.length / shown : null,
    bands: 'promoters' in result ? { promoters: result.promoters, passives: result.passives, detractors: result.detractors } : null,
    satisfied: 'satisfied' in result ? result.satisfied : null,
    distribution: result.distribution,
    surveyId,
    kind,
    scale,
    categories: result.distribution.map((_, index) => categorize(kind, scale.min + index, scale)),
    otherScale: answers.length - scored.length,
    trendUnit: unit,
    trend,
  };
}

/** The summaries of every survey in `rows` (the export's rows, oldest received first), sorted by survey id, with the trend by `unit`. */
export function perRecordSummaries(rows: readonly ExportRow[], unit: TrendUnit = 'week'): SurveySummary[] {
  const scored = rows.filter((row) => KINDS.includes(row.kind));
  return [...new Set(scored.map((row) => row.surveyId))].sort().map((surveyId) => survey(surveyId, scored.filter((row) => row.surveyId === surveyId), unit));
}
