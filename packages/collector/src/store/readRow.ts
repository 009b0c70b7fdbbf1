import type { WireRecord } from '@hark/core/schema';
import type { CommentRow, DimensionGroup, ExportRow, ScoreGroup, StoredRecord } from './types.js';

/** A database row, as either driver returns it (snake_case columns). */
export type Row = Record<string, unknown>;

/** Turns the driver's timestamp value (TEXT in SQLite, a Date in PostgreSQL) into ISO text. */
export type DateText = (value: unknown) => string;

/** Maps a `records` row to the CSV export's shape. */
export function toExportRow(row: Row, date: DateText): ExportRow {
  return {
    id: row.id as string,
    type: row.type as string,
    surveyId: row.survey_id as string,
    kind: row.kind as string,
    score: row.score as number | null,
    scaleMin: row.scale_min as number | null,
    scaleMax: row.scale_max as number | null,
    category: row.category as string | null,
    comment: row.comment as string | null,
    userId: row.user_id as string | null,
    anonymousId: row.anonymous_id as string,
    createdAt: date(row.created_at),
    receivedAt: date(row.received_at),
  };
}

/** Maps a `records` row to the listing's shape; `record` parses the JSON column (TEXT or jsonb). */
export function toStoredRecord(row: Row, date: DateText, record: (json: unknown) => WireRecord): StoredRecord {
  return {
    id: row.id as string,
    type: row.type as string,
    surveyId: row.survey_id as string,
    kind: row.kind as string,
    score: row.score as number | null,
    category: row.category as string | null,
    comment: row.comment as string | null,
    createdAt: date(row.created_at),
    receivedAt: date(row.received_at),
    record: record(row.json),
  };
}

/** Maps a comment query's row. */
export function toComment(row: Row, date: DateText): CommentRow {
  return { id: row.id as string, surveyId: row.survey_id as string, score: row.score as number | null, comment: row.comment as string, receivedAt: date(row.received_at) };
}

/** Maps a day-count row back to a group; events get their NULL score and scale back. */
export function toScoreGroup(row: Row): ScoreGroup {
  const scored = row.type === 'response';
  return {
    surveyId: row.survey_id as string,
    kind: row.kind as string,
    type: row.type as string,
    score: scored ? Number(row.score) : null,
    scaleMin: scored ? Number(row.scale_min) : null,
    scaleMax: scored ? Number(row.scale_max) : null,
    day: row.day as string,
    count: Number(row.count),
  };
}

/** Maps a breakdown count row back to a group. */
export function toDimensionGroup(row: Row): DimensionGroup {
  const { day: _day, ...group } = toScoreGroup({ ...row, day: '' });
  return { ...group, dim: row.dim as string, value: row.value as string };
}
