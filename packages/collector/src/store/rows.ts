import type { WireRecord } from '@hark/core/schema';
import { dimensionsOf, type Dimension } from './dimensions.js';
import { bandOf, LOW_SCORE_REASON, type Band } from './inboxStore.js';
import type { InsertOptions, RecordFilter } from './types.js';
import { wellFormed } from './wellFormed.js';

/** A record as both backends store it: its columns, its receive time and its JSON. */
export interface RecordRow {
  readonly id: string;
  readonly type: string;
  readonly surveyId: string;
  readonly kind: string;
  readonly score: number | null;
  readonly scaleMin: number | null;
  readonly scaleMax: number | null;
  readonly category: string | null;
  readonly comment: string | null;
  readonly userId: string | null;
  readonly anonymousId: string;
  /** Normalised ISO text, so text comparison orders instants. */
  readonly createdAt: string;
  readonly receivedAt: string;
  readonly json: string;
  /** The breakdowns it is counted under (not a column: `dimension_counts` rows). */
  readonly dimensions: ReadonlyArray<[Dimension, string]>;
}

/** One line of the day counts: records alike in everything the results page scores on. */
export interface DayCount {
  readonly surveyId: string;
  readonly day: string;
  readonly kind: string;
  readonly type: string;
  /** Events carry 0 in score and scale, so every key column is NOT NULL (a NULL never conflicts). */
  readonly score: number;
  readonly scaleMin: number;
  readonly scaleMax: number;
  readonly count: number;
  /** `receivedAt` + `id` of the earliest record counted: orders groups as the export orders records. */
  readonly firstKey: string;
}

/**
 * The rows for a batch, one per id, sorted by id: two transactions that insert overlapping
 * batches then take their row locks in the same order and cannot deadlock.
 */
export function toRecordRows(records: readonly WireRecord[], options: InsertOptions = {}): RecordRow[] {
  const stamp = options.receivedAt ?? new Date();
  return records
    .map((record) => {
      const safe = wellFormed(record);
      const response = safe.type === 'response' ? safe : null;
      return {
        id: safe.id.toLowerCase(),
        type: safe.type,
        surveyId: safe.surveyId,
        kind: safe.kind,
        score: response?.score ?? null,
        scaleMin: response?.scale.min ?? null,
        scaleMax: response?.scale.max ?? null,
        category: response?.category ?? null,
        comment: response?.comment ?? null,
        userId: safe.userId ?? null,
        anonymousId: safe.anonymousId,
        createdAt: new Date(safe.createdAt).toISOString(),
        receivedAt: (typeof stamp === 'function' ? stamp(record) : stamp).toISOString(),
        json: JSON.stringify({ ...safe, id: safe.id.toLowerCase() }),
        dimensions: dimensionsOf(safe),
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    // An id repeated within the batch is the same record: the first one counts.
    .filter((row, index, rows) => index === 0 || rows[index - 1]!.id !== row.id);
}

/** The day counts that the newly stored `rows` add, one per key, in key order (the lock order again). */
export function dayCountsOf(rows: readonly RecordRow[]): DayCount[] {
  const counts = new Map<string, { -readonly [K in keyof DayCount]: DayCount[K] }>();
  for (const row of rows) {
    const entry = {
      surveyId: row.surveyId,
      day: row.receivedAt.slice(0, 10),
      kind: row.kind,
      type: row.type,
      score: row.score ?? 0,
      scaleMin: row.scaleMin ?? 0,
      scaleMax: row.scaleMax ?? 0,
    };
    const key = JSON.stringify(Object.values(entry));
    const firstKey = row.receivedAt + row.id;
    const found = counts.get(key);
    if (found) {
      found.count += 1;
      if (firstKey < found.firstKey) found.firstKey = firstKey;
    } else counts.set(key, { ...entry, count: 1, firstKey });
  }
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, count]) => count);
}

const DAY_MS = 86_400_000;

/** The instants a filter's days cover: `from` inclusive, `to` exclusive (the midnight after its last day). */
export function receivedBounds(filter: RecordFilter): { from?: string; to?: string } {
  return {
    ...(filter.from ? { from: `${filter.from}T00:00:00.000Z` } : {}),
    ...(filter.to ? { to: new Date(Date.parse(`${filter.to}T00:00:00.000Z`) + DAY_MS).toISOString() } : {}),
  };
}

/** Survey and day clauses over the day counts, for either backend's placeholders. */
export function dayClauses(filter: RecordFilter & { readonly surveyIds?: readonly string[] }, param: (value: unknown) => string): string[] {
  const clauses: string[] = [];
  if (filter.surveyId !== undefined) clauses.push(`survey_id = ${param(filter.surveyId)}`);
  if (filter.surveyIds !== undefined) clauses.push(filter.surveyIds.length ? `survey_id IN (${filter.surveyIds.map(param).join(', ')})` : '0 = 1');
  if (filter.from) clauses.push(`day >= ${param(filter.from)}`);
  if (filter.to) clauses.push(`day <= ${param(filter.to)}`);
  return clauses;
}

/** Survey and receive-time clauses over the records, for either backend's placeholders. */
export function recordClauses(filter: RecordFilter, param: (value: unknown) => string): string[] {
  const clauses: string[] = [];
  const bounds = receivedBounds(filter);
  if (filter.surveyId !== undefined) clauses.push(`survey_id = ${param(filter.surveyId)}`);
  if (bounds.from) clauses.push(`received_at >= ${param(bounds.from)}`);
  if (bounds.to) clauses.push(`received_at < ${param(bounds.to)}`);
  return clauses;
}

/** `WHERE a AND b`, or nothing. */
export const whereOf = (clauses: readonly string[]): string => (clauses.length ? `WHERE ${clauses.join(' AND ')}` : '');

/** One line of the breakdown counts: a day count under one dimension's value. */
export interface DimensionCount extends Omit<DayCount, 'firstKey'> {
  readonly dim: Dimension;
  readonly value: string;
}

/** What the breakdown counts need of a record. */
export type CountedRow = Pick<RecordRow, 'surveyId' | 'kind' | 'type' | 'score' | 'scaleMin' | 'scaleMax' | 'receivedAt' | 'dimensions'>;

/** The breakdown counts that the newly stored `rows` add, one per key, in key order. */
export function dimensionCountsOf(rows: readonly CountedRow[]): DimensionCount[] {
  const counts = new Map<string, { -readonly [K in keyof DimensionCount]: DimensionCount[K] }>();
  for (const row of rows) {
    for (const [dim, value] of row.dimensions) {
      const entry = { surveyId: row.surveyId, dim, day: row.receivedAt.slice(0, 10), value, kind: row.kind, type: row.type, score: row.score ?? 0, scaleMin: row.scaleMin ?? 0, scaleMax: row.scaleMax ?? 0 };
      const key = JSON.stringify(Object.values(entry));
      const found = counts.get(key);
      if (found) found.count += 1;
      else counts.set(key, { ...entry, count: 1 });
    }
  }
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, count]) => count);
}

/** The (survey, dimension) pairs the rows bring, for the list of keys a breakdown can pick from. */
export function dimensionKeysOf(rows: readonly CountedRow[]): Array<{ surveyId: string; dim: Dimension }> {
  const keys = new Set(rows.flatMap((row) => row.dimensions.map(([dim]) => JSON.stringify([row.surveyId, dim]))));
  return [...keys].sort().map((key) => {
    const [surveyId, dim] = JSON.parse(key) as [string, string];
    return { surveyId, dim };
  });
}

/** A follow-up the inbox starts with: every low answer (NPS detractors, low CSAT and CES). */
export interface FollowUpRow {
  readonly recordId: string;
  readonly surveyId: string;
  readonly kind: string;
  readonly score: number | null;
  readonly band: Band;
  readonly receivedAt: string;
  readonly reason: string;
}

/** The follow-ups that newly stored `rows` open. */
export function followUpsOf(rows: readonly RecordRow[]): FollowUpRow[] {
  return rows
    .filter((row) => row.type === 'response' && bandOf(row.category) === 'low')
    .map((row) => ({ recordId: row.id, surveyId: row.surveyId, kind: row.kind, score: row.score, band: 'low' as const, receivedAt: row.receivedAt, reason: LOW_SCORE_REASON }));
}
