import type { Scale, SurveyKind } from '@hark/core/schema';
import { categorize, ces, csat, DEFAULT_SCALES, nps, type CesResult, type CsatResult, type NpsResult } from '@hark/core/schema';
import type { ExportRow, SurveySummary, WeekPoint } from '@hark/collector';

// The results page's figures computed from every matching record, oldest
// received first (by receivedAt, then id), scored with @hark/core's
// nps/csat/ces. The oracle the day counts are held to; it favours plain over fast.

const KINDS: readonly string[] = ['nps', 'ces', 'csat'];
const DAY_MS = 86_400_000;
const WEEKS = 26;

const score = (kind: SurveyKind, scores: readonly number[], scale: Scale): NpsResult | CsatResult | CesResult =>
  kind === 'nps' ? nps(scores, scale) : kind === 'csat' ? csat(scores, scale) : ces(scores, scale);

function monday(iso: string): number {
  const date = new Date(iso);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - ((date.getUTCDay() + 6) % 7) * DAY_MS;
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

function survey(surveyId: string, records: readonly ExportRow[]): SurveySummary {
  const answers = records.filter((row) => row.type === 'response' && row.score !== null);
  const kind = (answers[0] ?? records[0])!.kind as SurveyKind;
  const scale = mostUsed(answers, kind);
  const scored = answers.filter((row) => row.kind === kind && row.scaleMin === scale.min && row.scaleMax === scale.max && row.score! >= scale.min && row.score! <= scale.max);
  const result = score(kind, scored.map((row) => row.score!), scale);
  const shown = records.filter((row) => row.type === 'shown').length;

  const mondays = scored.map((row) => monday(row.receivedAt));
  const last = Math.max(...mondays);
  const weekly: WeekPoint[] = [];
  for (let week = Math.max(Math.min(...mondays), last - (WEEKS - 1) * 7 * DAY_MS); scored.length > 0 && week <= last; week += 7 * DAY_MS) {
    const scores = scored.filter((_, index) => mondays[index] === week).map((row) => row.score!);
    weekly.push({ week: new Date(week).toISOString().slice(0, 10), responses: scores.length, score: score(kind, scores, scale).score });
  }

  return {
    surveyId,
    kind,
    scale,
    score: result.score,
    responses: scored.length,
    shown,
    dismissed: records.filter((row) => row.type === 'dismissed').length,
    responseRate: shown > 0 ? answers.length / shown : null,
    bands: 'promoters' in result ? { promoters: result.promoters, passives: result.passives, detractors: result.detractors } : null,
    satisfied: 'satisfied' in result ? result.satisfied : null,
    distribution: result.distribution,
    categories: result.distribution.map((_, index) => categorize(kind, scale.min + index, scale)),
    otherScale: answers.length - scored.length,
    weekly,
  };
}

/** The summaries of every survey in `rows` (the export's rows, oldest received first), sorted by survey id. */
export function perRecordSummaries(rows: readonly ExportRow[]): SurveySummary[] {
  const scored = rows.filter((row) => KINDS.includes(row.kind));
  return [...new Set(scored.map((row) => row.surveyId))].sort().map((surveyId) => survey(surveyId, scored.filter((row) => row.surveyId === surveyId)));
}
