import type { ExportRow } from './types.js';

/** A database row, as either driver returns it (snake_case columns). */
export type Row = Record<string, unknown>;

/**
 * Maps a `records` row to the CSV export's shape. `date` turns the driver's
 * timestamp value (TEXT in SQLite, a Date in PostgreSQL) into ISO text.
 */
export function toExportRow(row: Row, date: (value: unknown) => string): ExportRow {
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
