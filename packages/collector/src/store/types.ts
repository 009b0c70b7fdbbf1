import type { WireRecord } from '@hark/core/schema';
import type { AlertStore, PlannedAlert } from './alertStore.js';
import type { Dimension } from './dimensions.js';
import type { InboxStore } from './inboxStore.js';
import type { SurveyStore } from './surveyStore.js';
import type { WebhookStore } from './webhookStore.js';

/** A stored record as the JSON listing returns it. */
export interface StoredRecord {
  readonly id: string;
  readonly type: string;
  readonly surveyId: string;
  readonly kind: string;
  readonly score: number | null;
  readonly category: string | null;
  readonly comment: string | null;
  /** The device's claim (the record's own `createdAt`, normalised). */
  readonly createdAt: string;
  /** When this collector stored it: what reports, filters and retention go by. */
  readonly receivedAt: string;
  readonly record: WireRecord;
}

/**
 * Which records a query covers: one survey, and the UTC days they were
 * received on (`YYYY-MM-DD`, both ends included).
 */
export interface RecordFilter {
  readonly surveyId?: string;
  readonly from?: string;
  readonly to?: string;
}

/** Where a listing page ends; the next page starts after it. */
export interface ListCursor {
  readonly receivedAt: string;
  readonly id: string;
}

/** One page of the listing, newest first. */
export interface RecordPage {
  readonly records: StoredRecord[];
  /** Pass as `after` for the next page; `null` on the last one. */
  readonly next: ListCursor | null;
}

/** One page of survey ids, sorted. */
export interface SurveyPage {
  readonly surveyIds: string[];
  /** How many surveys match in all. */
  readonly total: number;
}

/**
 * How many matching records share the columns the results page scores on,
 * within one UTC day of receipt. The page is computed from these counts, kept
 * up to date as records arrive, so what a page reads grows with surveys ×
 * scores × days, never with the number of records.
 */
export interface ScoreGroup {
  readonly surveyId: string;
  readonly kind: string;
  readonly type: string;
  readonly score: number | null;
  readonly scaleMin: number | null;
  readonly scaleMax: number | null;
  /** The UTC day the records were received, `YYYY-MM-DD`. */
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
  /** The record's id. */
  readonly id: string;
  readonly surveyId: string;
  readonly score: number | null;
  readonly comment: string;
  readonly receivedAt: string;
}

/** How `insert` stamps records. */
export interface InsertOptions {
  /**
   * When the records were received. Default: now. A function gives each record
   * its own (imports, tests); ingest always uses now.
   */
  readonly receivedAt?: Date | ((record: WireRecord) => Date);
  /**
   * Webhook events to queue in the same transaction, each only if its record
   * is new (a replayed batch queues nothing). Default: none (an import alerts nobody).
   */
  readonly alerts?: readonly PlannedAlert[];
}

/**
 * How many matching records share one value of a breakdown (a user
 * attribute, the locale, the page path or the trigger) and the columns the
 * page scores on, over every day of the filter.
 */
export interface DimensionGroup extends Omit<ScoreGroup, 'day'> {
  readonly dim: Dimension;
  readonly value: string;
}

/**
 * The collector's storage. SQLite and PostgreSQL implement it alike, so the
 * server and every test run against either.
 */
export interface RecordsStore {
  /** `sqlite` or `postgres`, for logs. */
  readonly backend: 'sqlite' | 'postgres';
  /**
   * Stores new records in one transaction, with the day counts the results
   * page reads; an id already stored is skipped. Resolves to how many were new.
   * Rejects with a `StoreRejectedError` when the database refuses the values.
   */
  insert(records: readonly WireRecord[], options?: InsertOptions): Promise<number>;
  /** Newest received first, `limit` (default 100) at a time, after the cursor `after`. */
  list(options?: RecordFilter & { readonly limit?: number; readonly after?: ListCursor | null }): Promise<RecordPage>;
  /** How many records match (from the day counts: no record is read). */
  count(filter?: RecordFilter): Promise<number>;
  /** The surveys with records in the days of `filter`, sorted by id, `limit` from `offset`. */
  surveys(filter: Omit<RecordFilter, 'surveyId'>, page: { readonly offset: number; readonly limit: number }): Promise<SurveyPage>;
  /**
   * The matching records counted per survey, kind, type, score, scale and UTC
   * day (`unit` 'week': per week, `day` being its Monday, for a results page).
   * Ordered by each group's earliest record (by `receivedAt`, then `id`, as the
   * export orders records), so the first group with a property holds the first
   * record with it. `surveyIds` narrows to several surveys at once.
   */
  scoreGroups(filter: RecordFilter & { readonly surveyIds?: readonly string[] }, unit?: 'day' | 'week' | 'month'): Promise<ScoreGroup[]>;
  /** The matching records counted per value of `dim` (and the scoring columns), summed over the filter's days. */
  dimensionGroups(filter: RecordFilter & { readonly surveyIds?: readonly string[] }, dim: Dimension): Promise<DimensionGroup[]>;
  /** The dimensions the surveys' records were counted under (attribute keys among them), sorted. */
  dimensions(surveyIds: readonly string[]): Promise<Dimension[]>;
  /** One stored record by id (any letter case), or null. */
  record(id: string): Promise<StoredRecord | null>;
  /** The stored records among `ids` (lowercase), in no particular order. */
  records(ids: readonly string[]): Promise<StoredRecord[]>;
  /** The newest `limit` non-empty comments of the matching responses. */
  comments(filter: RecordFilter, limit: number): Promise<CommentRow[]>;
  /** Matching records oldest first, `pageSize` at a time, so an export never holds the whole table. */
  exportPages(filter: RecordFilter, pageSize?: number): AsyncIterable<ExportRow[]>;
  /** Deletes what was received before `day` (`YYYY-MM-DD`, UTC): records and their day counts. Resolves to how many records went. */
  deleteReceivedBefore(day: string): Promise<number>;
  /** The follow-up inbox. */
  readonly inbox: InboxStore;
  /** The webhook outbox. */
  readonly alerts: AlertStore;
  /** Survey definitions and their versions. */
  readonly surveyDefinitions: SurveyStore;
  /** Webhooks added on the admin page. */
  readonly webhooks: WebhookStore;
  close(): Promise<void>;
}

/** The database refused a record's values: retrying cannot help, so ingest answers 400, never 503. */
export class StoreRejectedError extends Error {
  constructor(message = 'the database refused a value of this batch') {
    super(message);
    this.name = 'StoreRejectedError';
  }
}
