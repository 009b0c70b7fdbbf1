import pg from 'pg';
import type { WireRecord } from '@hark/core';
import { toExportRow, type Row } from './exportRow.js';
import { SCORE_COLUMNS, SCORE_FIELDS } from './scoreColumns.js';
import { wellFormed } from './wellFormed.js';
import { columnsOf, type ExportRow, type RecordFilter, type RecordsStore, type ScoreGroup, type StoredRecord } from './types.js';

/**
 * Schema versions, applied in order inside one transaction under an advisory
 * lock, so two collectors starting together migrate once. Append only.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
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
     created_at TIMESTAMPTZ NOT NULL,
     received_at TIMESTAMPTZ NOT NULL,
     json JSONB NOT NULL
   );
   CREATE INDEX records_survey_created ON records (survey_id, created_at);`,
  `ALTER TABLE records ADD COLUMN scale_min INTEGER, ADD COLUMN scale_max INTEGER;
   UPDATE records SET scale_min = (json->'scale'->>'min')::int, scale_max = (json->'scale'->>'max')::int WHERE type = 'response';
   CREATE INDEX records_created ON records (created_at, id);`,
  // v3: the results page counts records by the scoring columns and UTC day (SCORE_DAY, the same
  // expression); in this order an index-only scan hands them over already grouped.
  `CREATE INDEX records_scores ON records (survey_id, kind, type, score, scale_min, scale_max, ((created_at AT TIME ZONE 'UTC')::date), created_at, id);`,
];

// The UTC day whatever the session's TimeZone.
const SCORE_DAY = "(created_at AT TIME ZONE 'UTC')::date";
// Fixed-width text, so `SCORE_INSTANT || id` orders like (created_at, id), in the collation ORDER BY id uses.
const SCORE_INSTANT = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;

const MIGRATION_LOCK = 0x6861726b; // "hark"
const COLUMNS = ['id', 'type', 'survey_id', 'kind', 'score', 'scale_min', 'scale_max', 'category', 'comment', 'user_id', 'anonymous_id', 'created_at', 'received_at', 'json'];

function where(filter: RecordFilter, params: unknown[], extra: string[] = []): string {
  const clauses = [...extra];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    clauses.push(clause.replace('?', `$${params.length}`));
  };
  if (filter.surveyId !== undefined) add('survey_id = ?', filter.surveyId);
  if (filter.from !== undefined) add('created_at >= ?', filter.from);
  if (filter.to !== undefined) add('created_at < ?', filter.to);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));

/** Connects to PostgreSQL at `url`, creating the table and applying pending migrations. */
export async function openPostgres(url: string): Promise<RecordsStore> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  const client = await pool.connect().catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS hark_schema_version (version INTEGER NOT NULL)');
    const current = await client.query<{ version: number }>('SELECT version FROM hark_schema_version');
    if (current.rows.length === 0) await client.query('INSERT INTO hark_schema_version (version) VALUES (0)');
    const version = current.rows[0]?.version ?? 0;
    for (let index = version; index < POSTGRES_MIGRATIONS.length; index++) await client.query(POSTGRES_MIGRATIONS[index]!);
    await client.query('UPDATE hark_schema_version SET version = $1', [Math.max(version, POSTGRES_MIGRATIONS.length)]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
    await pool.end();
    throw error;
  }
  client.release();

  const rows = async (sql: string, params: unknown[]) => (await pool.query<Row>(sql, params)).rows;
  const toExport = (row: Row): ExportRow => toExportRow(row, iso);

  return {
    backend: 'postgres',
    async insert(records: readonly WireRecord[]) {
      if (records.length === 0) return 0;
      const receivedAt = new Date().toISOString();
      const params: unknown[] = [];
      const tuples = records.map((record) => {
        const safe = wellFormed(record);
        const c = columnsOf(safe);
        params.push(c.id, c.type, c.surveyId, c.kind, c.score, c.scaleMin, c.scaleMax, c.category, c.comment, c.userId, c.anonymousId, c.createdAt, receivedAt, JSON.stringify(safe));
        const base = params.length - COLUMNS.length;
        return `(${COLUMNS.map((_, i) => `$${base + i + 1}`).join(', ')})`;
      });
      const result = await pool.query(`INSERT INTO records (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING`, params);
      return result.rowCount ?? 0;
    },
    async list({ limit = 100, ...filter } = {}): Promise<StoredRecord[]> {
      const params: unknown[] = [];
      const sql = `SELECT * FROM records ${where(filter, params)} ORDER BY created_at DESC, id DESC LIMIT $${params.push(limit)}`;
      return (await rows(sql, params)).map((row) => ({
        id: row.id as string,
        type: row.type as string,
        surveyId: row.survey_id as string,
        kind: row.kind as string,
        score: row.score as number | null,
        category: row.category as string | null,
        comment: row.comment as string | null,
        createdAt: iso(row.created_at),
        receivedAt: iso(row.received_at),
        record: row.json as WireRecord,
      }));
    },
    async count(filter = {}) {
      const params: unknown[] = [];
      return Number((await rows(`SELECT COUNT(*) AS n FROM records ${where(filter, params)}`, params))[0]!.n);
    },
    surveyIds: async () => (await rows('SELECT DISTINCT survey_id FROM records ORDER BY survey_id', [])).map((row) => row.survey_id as string),
    async scoreGroups(filter) {
      const params: unknown[] = [];
      const sql = `SELECT ${SCORE_FIELDS}, to_char(${SCORE_DAY}, 'YYYY-MM-DD') AS day, COUNT(*)::int AS count FROM records ${where(filter, params)}
        GROUP BY ${SCORE_COLUMNS}, ${SCORE_DAY} ORDER BY MIN(${SCORE_INSTANT} || id)`;
      return (await pool.query<ScoreGroup>(sql, params)).rows;
    },
    async comments(filter, limit) {
      const params: unknown[] = [];
      const w = where(filter, params, ["type = 'response'", "comment IS NOT NULL AND comment <> ''"]);
      const sql = `SELECT survey_id, score, comment, created_at FROM records ${w} ORDER BY created_at DESC, id DESC LIMIT $${params.push(limit)}`;
      return (await rows(sql, params)).map((row) => ({
        surveyId: row.survey_id as string,
        score: row.score as number | null,
        comment: row.comment as string,
        createdAt: iso(row.created_at),
      }));
    },
    async *exportPages(filter, pageSize = 1000) {
      let after: [string, string] | null = null;
      for (;;) {
        const params: unknown[] = after ? [after[0], after[1]] : [];
        const w = where(filter, params, after ? ['(created_at, id) > ($1::timestamptz, $2)'] : []);
        const page = (await rows(`SELECT * FROM records ${w} ORDER BY created_at, id LIMIT $${params.push(pageSize)}`, params)).map(toExport);
        if (page.length === 0) return;
        yield page;
        const last = page[page.length - 1]!;
        after = [last.createdAt, last.id];
      }
    },
    close: () => pool.end(),
  };
}
