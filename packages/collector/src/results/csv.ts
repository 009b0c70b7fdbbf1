import type { ExportRow } from '../store/types.js';

/** The export's columns, in order. */
export const CSV_COLUMNS: ReadonlyArray<keyof ExportRow> = ['id', 'type', 'surveyId', 'kind', 'score', 'scaleMin', 'scaleMax', 'category', 'comment', 'userId', 'anonymousId', 'createdAt', 'receivedAt'];

/**
 * One CSV cell (RFC 4180 quoting). Text that a spreadsheet would run as a
 * formula (`=`, `+`, `-`, `@`, tab, CR first) is prefixed with `'`, since
 * comments are typed by anyone.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line, CRLF-terminated. */
export function csvLine(values: ReadonlyArray<string | number | null>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** A record as a CSV line in `CSV_COLUMNS` order. */
export function csvRow(row: ExportRow): string {
  return csvLine(CSV_COLUMNS.map((column) => row[column]));
}
