import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WireRecord } from '@hark/core';
import { toExportRow, type Row } from './exportRow.js';
import { SCORE_COLUMNS, SCORE_FIELDS } from './scoreColumns.js';
import { wellFormed } from './wellFormed.js';
import { columnsOf, type ExportRow, type RecordFilter, type RecordsStore, type ScoreGroup, type StoredRecord } from './types.js';

/**
 * Schema versions, applied in order; `PRAGMA user_version` is the number
 * applied. Append only: a released migration never changes.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE records (
     id TEXT PRIMARY KEY,
     type TEXT NOT NULL,
     survey_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     score INTEGER,
     category TEXT,
     comment TEXT,
     user_id TEXT,
     anonymous_id TEXT NOT NULL,
     created_at TEXT NOT NULL,
     received_at TEXT NOT NULL,
     json TEXT NOT NULL
   );
   CREATE INDEX records_survey_created ON records (survey_id, created_at);`,
  // v2: the scale, so the results page can score without parsing every record.
  `ALTER TABLE records ADD COLUMN scale_min INTEGER;
   ALTER TABLE records ADD COLUMN scale_max INTEGER;
   UPDATE records SET scale_min = json_extract(json, '$.scale.min'), scale_max = json_extract(json, '$.scale.max') WHERE type = 'response';
   CREATE INDEX records_created ON records (created_at, id);`,
  // v3: the results page counts records by the scoring columns and UTC day. In this order the
  // index hands them over already grouped, and holds all it reads (no JSON), so a count is one
  // pass over the index. The day is written as SCORE_DAY, which must stay the same expression.
  `CREATE INDEX records_scores ON records (survey_id, kind, type, score, scale_min, scale_max, substr(created_at, 1, 10), created_at, id);`,
];

// created_at is normalised ISO text (see columnsOf), so its first ten characters are the UTC day,
// and, being fixed-width, `created_at || id` orders like (created_at, id).
const SCORE_DAY = 'substr(created_at, 1, 10)';

function where(filter: RecordFilter, extra: string[] = []): { sql: string; params: unknown[] } {
  const clauses = [...extra];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    clauses.push(clause);
    params.push(value);
  };
  if (filter.surveyId !== undefined) add('survey_id = ?', filter.surveyId);
  if (filter.from !== undefined) add('created_at >= ?', filter.from);
  if (filter.to !== undefined) add('created_at < ?', filter.to);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const toExport = (row: Row): ExportRow => toExportRow(row, (value) => value as string);

/**
 * Opens (creating the file and folder if needed) a SQLite database in WAL mode
 * and applies pending migrations.
 */
export function openSqlite(path: string): RecordsStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let index = version; index < SQLITE_MIGRATIONS.length; index++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[index]!);
      db.pragma(`user_version = ${index + 1}`);
    })();
  }

  const insertOne = db.prepare(
    `INSERT OR IGNORE INTO records (id, type, survey_id, kind, score, scale_min, scale_max, category, comment, user_id, anonymous_id, created_at, received_at, json)
     VALUES (@id, @type, @surveyId, @kind, @score, @scaleMin, @scaleMax, @category, @comment, @userId, @anonymousId, @createdAt, @receivedAt, @json)`,
  );
  const insertMany = db.transaction((records: readonly WireRecord[]) => {
    const receivedAt = new Date().toISOString();
    let inserted = 0;
    for (const record of records) {
      const safe = wellFormed(record);
      inserted += insertOne.run({ ...columnsOf(safe), receivedAt, json: JSON.stringify(safe) }).changes;
    }
    return inserted;
  });
  const all = (sql: string, params: unknown[]) => db.prepare(sql).all(...params) as Row[];

  return {
    backend: 'sqlite',
    insert: async (records) => insertMany(records),
    async list({ limit = 100, ...filter } = {}): Promise<StoredRecord[]> {
      const w = where(filter);
      return all(`SELECT * FROM records ${w.sql} ORDER BY created_at DESC, id DESC LIMIT ?`, [...w.params, limit]).map((row) => ({
        id: row.id as string,
        type: row.type as string,
        surveyId: row.survey_id as string,
        kind: row.kind as string,
        score: row.score as number | null,
        category: row.category as string | null,
        comment: row.comment as string | null,
        createdAt: row.created_at as string,
        receivedAt: row.received_at as string,
        record: JSON.parse(row.json as string) as WireRecord,
      }));
    },
    async count(filter = {}) {
      const w = where(filter);
      return (db.prepare(`SELECT COUNT(*) AS n FROM records ${w.sql}`).get(...w.params) as { n: number }).n;
    },
    surveyIds: async () => all('SELECT DISTINCT survey_id FROM records ORDER BY survey_id', []).map((row) => row.survey_id as string),
    async scoreGroups(filter) {
      const w = where(filter);
      // Named, because with a date filter the planner would pick records_created and read every record's row.
      const sql = `SELECT ${SCORE_FIELDS}, ${SCORE_DAY} AS day, COUNT(*) AS count FROM records INDEXED BY records_scores ${w.sql}
        GROUP BY ${SCORE_COLUMNS}, ${SCORE_DAY} ORDER BY MIN(created_at || id)`;
      return db.prepare(sql).all(...w.params) as ScoreGroup[];
    },
    async comments(filter, limit) {
      const w = where(filter, ["type = 'response'", "comment IS NOT NULL AND comment <> ''"]);
      return all(`SELECT survey_id, score, comment, created_at FROM records ${w.sql} ORDER BY created_at DESC, id DESC LIMIT ?`, [...w.params, limit]).map((row) => ({
        surveyId: row.survey_id as string,
        score: row.score as number | null,
        comment: row.comment as string,
        createdAt: row.created_at as string,
      }));
    },
    async *exportPages(filter, pageSize = 1000) {
      let after: [string, string] | null = null;
      for (;;) {
        const w = where(filter, after ? ['(created_at > ? OR (created_at = ? AND id > ?))'] : []);
        const params: unknown[] = after ? [after[0], after[0], after[1], ...w.params] : w.params;
        const rows: ExportRow[] = all(`SELECT * FROM records ${w.sql} ORDER BY created_at, id LIMIT ?`, [...params, pageSize]).map(toExport);
        if (rows.length === 0) return;
        yield rows;
        const last: ExportRow = rows[rows.length - 1]!;
        after = [last.createdAt, last.id];
      }
    },
    close: async () => {
      db.close();
    },
  };
}
