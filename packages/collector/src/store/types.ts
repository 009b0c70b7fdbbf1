import type { WireRecord } from '@hark/core';

/** A stored record as the JSON listing returns it. */
export interface StoredRecord {
  readonly id: string;
  readonly type: string;
  readonly surveyId: string;
  readonly kind: string;
  readonly score: number | null;
  readonly category: string | null;
  readonly comment: string | null;
  readonly createdAt: string;
  readonly receivedAt: string;
  readonly record: WireRecord;
}

/** Which records a query covers. Dates are ISO instants; `from` is inclusive, `to` exclusive. */
export interface RecordFilter {
  readonly surveyId?: string;
  readonly from?: string;
  readonly to?: string;
}

/**
 * How many matching records share the columns the results page scores on,
 * within one UTC day. The page is computed from these counts, so what it holds
 * grows with surveys × scores × days, not with the number of records.
 */
export interface ScoreGroup {
  readonly surveyId: string;
  readonly kind: string;
  readonly type: string;
  readonly score: number | null;
  readonly scaleMin: number | null;
  readonly scaleMax: number | null;
  /** The UTC day the records were created, `YYYY-MM-DD`. */
  readonly day: string;
  /** How many records; at least 1. */
  readonly count: number;
}

/** One row of the CSV export: every column the store keeps, flat. */
export interface ExportRow {
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
  readonly createdAt: string;
  readonly receivedAt: string;
}

/** A comment with the score it came with. */
export interface CommentRow {
  readonly surveyId: string;
  readonly score: number | null;
  readonly comment: string;
  readonly createdAt: string;
}

/**
 * The collector's storage. SQLite and PostgreSQL implement it alike, so the
 * server and every test run against either.
 */
export interface RecordsStore {
  /** `sqlite` or `postgres`, for logs. */
  readonly backend: 'sqlite' | 'postgres';
  /** Stores new records in one transaction; an id already stored is skipped. Resolves to how many were new. */
  insert(records: readonly WireRecord[]): Promise<number>;
  /** Newest first; `limit` defaults to 100. */
  list(options?: RecordFilter & { readonly limit?: number }): Promise<StoredRecord[]>;
  /** How many records match. */
  count(filter?: RecordFilter): Promise<number>;
  /** Every survey id seen, sorted. */
  surveyIds(): Promise<string[]>;
  /**
   * The matching records counted per survey, kind, type, score, scale and UTC
   * day. Ordered by each group's earliest record (by `createdAt`, then `id`, as
   * the export orders records), so the first group with a property holds the
   * first record with it.
   */
  scoreGroups(filter: RecordFilter): Promise<ScoreGroup[]>;
  /** The newest `limit` non-empty comments of the matching responses. */
  comments(filter: RecordFilter, limit: number): Promise<CommentRow[]>;
  /** Matching records oldest first, `pageSize` at a time, so an export never holds the whole table. */
  exportPages(filter: RecordFilter, pageSize?: number): AsyncIterable<ExportRow[]>;
  close(): Promise<void>;
}

/** The columns a record is stored under, shared by both backends. */
export function columnsOf(record: WireRecord) {
  const response = record.type === 'response' ? record : null;
  return {
    id: record.id,
    type: record.type,
    surveyId: record.surveyId,
    kind: record.kind,
    score: response?.score ?? null,
    scaleMin: response?.scale.min ?? null,
    scaleMax: response?.scale.max ?? null,
    category: response?.category ?? null,
    comment: response?.comment ?? null,
    userId: record.userId ?? null,
    anonymousId: record.anonymousId,
    // Normalised so that text comparison orders instants correctly in SQLite.
    createdAt: new Date(record.createdAt).toISOString(),
  };
}
