import pg from 'pg';
import type { WireRecord } from '@hark/core/schema';
import { createAlertStore, type PlannedAlert } from './alertStore.js';
import { dimensionsOf } from './dimensions.js';
import { createInboxStore } from './inboxStore.js';
import { loopSchema } from './loopSchema.js';
import { toComment, toDimensionGroup, toExportRow, toScoreGroup, toStoredRecord, type Row } from './readRow.js';
import { dayClauses, dimensionCountsOf, dimensionKeysOf, recordClauses, toRecordRows, whereOf, type RecordRow } from './rows.js';
import { numbered, type Sql } from './sql.js';
import { createSurveyStore } from './surveyStore.js';
import { StoreRejectedError, type ExportRow, type RecordsStore } from './types.js';
import { createWebhookStore } from './webhookStore.js';

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
  // v4: reports go by receive time, from day counts kept up to date on insert, so a results page
  // reads a few rows per survey and day however many records there are. Ids become lowercase
  // (of two spellings of one id, the lowercase one, else the smallest, is kept). Ids and keys
  // order by code point ("C"), as SQLite orders them, whatever the database's collation.
  `DELETE FROM records a USING records b
     WHERE a.id <> b.id AND lower(a.id) = lower(b.id) AND a.id <> lower(a.id) AND (b.id = lower(b.id) OR b.id COLLATE "C" < a.id COLLATE "C");
   UPDATE records SET id = lower(id), json = jsonb_set(json, '{id}', to_jsonb(lower(id))) WHERE id <> lower(id);
   ALTER TABLE records ALTER COLUMN id TYPE TEXT COLLATE "C";
   DROP INDEX records_scores;
   DROP INDEX records_survey_created;
   DROP INDEX records_created;
   CREATE INDEX records_received ON records (received_at, id);
   CREATE INDEX records_survey_received ON records (survey_id, received_at, id);
   CREATE INDEX records_comments ON records (survey_id, received_at, id) WHERE type = 'response' AND comment IS NOT NULL AND comment <> '';
   CREATE TABLE daily_counts (
     survey_id TEXT NOT NULL,
     day TEXT COLLATE "C" NOT NULL,
     kind TEXT NOT NULL,
     type TEXT NOT NULL,
     score INTEGER NOT NULL,
     scale_min INTEGER NOT NULL,
     scale_max INTEGER NOT NULL,
     n BIGINT NOT NULL,
     first_key TEXT COLLATE "C" NOT NULL,
     PRIMARY KEY (survey_id, day, kind, type, score, scale_min, scale_max)
   );
   INSERT INTO daily_counts
     SELECT survey_id, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), kind, type, coalesce(score, 0), coalesce(scale_min, 0), coalesce(scale_max, 0), COUNT(*),
            MIN(to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || id)
     FROM records GROUP BY 1, 2, 3, 4, 5, 6, 7;
   CREATE TABLE surveys (survey_id TEXT COLLATE "C" PRIMARY KEY);
   INSERT INTO surveys SELECT DISTINCT survey_id FROM records;`,
  // v5: breakdown counts, the follow-up inbox, the webhook outbox, webhooks, survey definitions.
  loopSchema('postgres'),
];

const DIMENSION_COLUMNS = 'survey_id, dim, day, value, kind, type, score, scale_min, scale_max';

/** Counts the records already stored into the breakdowns (migration v5), a page at a time, in the migration's transaction. */
async function backfillDimensions(client: pg.PoolClient): Promise<void> {
  for (let after = ''; ; ) {
    const { rows } = await client.query<Row>('SELECT id, survey_id, kind, type, score, scale_min, scale_max, received_at, json FROM records WHERE id > $1 ORDER BY id LIMIT 2000', [after]);
    if (rows.length === 0) return;
    const records = rows.map((row) => ({
      surveyId: row.survey_id as string,
      kind: row.kind as string,
      type: row.type as string,
      score: row.score as number | null,
      scaleMin: row.scale_min as number | null,
      scaleMax: row.scale_max as number | null,
      receivedAt: iso(row.received_at),
      dimensions: dimensionsOf(row.json as WireRecord),
    }));
    const counts = dimensionCountsOf(records).map((c) => ({ survey_id: c.surveyId, dim: c.dim, day: c.day, value: c.value, kind: c.kind, type: c.type, score: c.score, scale_min: c.scaleMin, scale_max: c.scaleMax, n: c.count }));
    await client.query(
      `INSERT INTO dimension_counts (${DIMENSION_COLUMNS}, n)
       SELECT ${DIMENSION_COLUMNS}, n FROM jsonb_to_recordset($1::jsonb) AS x(survey_id text, dim text, day text, value text, kind text, type text, score int, scale_min int, scale_max int, n bigint)
       ON CONFLICT (${DIMENSION_COLUMNS}) DO UPDATE SET n = dimension_counts.n + excluded.n`,
      [JSON.stringify(counts)],
    );
    await client.query(`INSERT INTO dimension_keys (survey_id, dim) SELECT survey_id, dim FROM jsonb_to_recordset($1::jsonb) AS x(survey_id text, dim text) ON CONFLICT DO NOTHING`, [
      JSON.stringify(dimensionKeysOf(records).map((k) => ({ survey_id: k.surveyId, dim: k.dim }))),
    ]);
    after = rows[rows.length - 1]!.id as string;
  }
}

/** Work a migration needs beyond its SQL, run in its transaction, by the version it brings the database to. */
const AFTER_MIGRATION: Readonly<Record<number, (client: pg.PoolClient) => Promise<void>>> = { 5: backfillDimensions };


const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));
const MIGRATION_LOCK = 0x6861726b; // "hark"
const RECORD_COLUMNS = ['id', 'type', 'survey_id', 'kind', 'score', 'scale_min', 'scale_max', 'category', 'comment', 'user_id', 'anonymous_id', 'created_at', 'received_at', 'json'];
const ROW_FIELDS: ReadonlyArray<keyof RecordRow> = ['id', 'type', 'surveyId', 'kind', 'score', 'scaleMin', 'scaleMax', 'category', 'comment', 'userId', 'anonymousId', 'createdAt', 'receivedAt', 'json'];
const RECORD_TYPES = ['text', 'text', 'text', 'text', 'int', 'int', 'int', 'text', 'text', 'text', 'text', 'timestamptz', 'timestamptz', 'jsonb'];
const COUNT_COLUMNS = ['survey_id', 'day', 'kind', 'type', 'score', 'scale_min', 'scale_max', 'n', 'first_key'];
const COMMENTED = "type = 'response' AND comment IS NOT NULL AND comment <> ''";
/** The Monday of a `day`'s week (ISO weeks start on Monday). */
const PG_MONDAY = "to_char(date_trunc('week', day::date), 'YYYY-MM-DD')";
/** Two transactions that touch the same rows may still deadlock (or, rarely, fail to serialise); both are retried. */
const RETRIED = new Set(['40P01', '40001']);
const ATTEMPTS = 4;

/** SQLSTATE classes that are about the values sent (data exception, integrity): retrying cannot help. */
const refusedValues = (error: unknown) => /^(22|23)/.test(String((error as { code?: unknown } | null)?.code ?? ''));

/**
 * Connects to PostgreSQL at `url` and applies pending migrations, in one
 * transaction under an advisory lock, so several collectors starting at once
 * migrate exactly once. Any number of processes may then share the database.
 */
export async function openPostgres(url: string): Promise<RecordsStore> {
  // Two pools: ingest has connections of its own, so it never queues behind results pages and exports.
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const readPool = new pg.Pool({ connectionString: url, max: 6 });
  // The webhook worker's writes have their own connections too: a failing receiver never queues ingest.
  const workerPool = new pg.Pool({ connectionString: url, max: 2 });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  readPool.on('error', () => undefined);
  workerPool.on('error', () => undefined);
  const client = await pool.connect().catch(async (error: unknown) => {
    await Promise.all([pool.end(), readPool.end(), workerPool.end()]);
    throw error;
  });
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS hark_schema_version (version INTEGER NOT NULL)');
    const current = await client.query<{ version: number }>('SELECT version FROM hark_schema_version');
    if (current.rows.length === 0) await client.query('INSERT INTO hark_schema_version (version) VALUES (0)');
    const version = current.rows[0]?.version ?? 0;
    for (let index = version; index < POSTGRES_MIGRATIONS.length; index++) {
      await client.query(POSTGRES_MIGRATIONS[index]!);
      await AFTER_MIGRATION[index + 1]?.(client);
    }
    await client.query('UPDATE hark_schema_version SET version = $1', [Math.max(version, POSTGRES_MIGRATIONS.length)]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
    await Promise.all([pool.end(), readPool.end(), workerPool.end()]);
    throw error;
  }
  client.release();

  const rows = async (sql: string, params: unknown[]) => (await readPool.query<Row>(sql, params)).rows;
  const sql: Sql = {
    dialect: 'postgres',
    read: async (text, params = []) => (await readPool.query<Row>(numbered(text), [...params])).rows,
    write: async (text, params = []) => (await pool.query<Row>(numbered(text), [...params])).rows,
  };
  const workerSql: Sql = { ...sql, write: async (text, params = []) => (await workerPool.query<Row>(numbered(text), [...params])).rows };
  const bind = (params: unknown[]) => (value: unknown) => `$${params.push(value)}`;

  // One statement, so one round trip and its own transaction: the records, then, from exactly those
  // that were new, their day counts, survey ids, breakdown counts, follow-ups and webhook events. Keys are computed as rows.ts computes them for
  // SQLite, and each table is written in key order, so concurrent batches take locks in the same order.
  const UTC = "received_at AT TIME ZONE 'UTC'";
  const ISO_RECEIVED = `to_char(${UTC}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const insertSql = (count: number) => `
    WITH ins AS (
      INSERT INTO records (${RECORD_COLUMNS.join(', ')})
      SELECT * FROM (VALUES ${Array.from({ length: count }, (_, row) => `(${RECORD_TYPES.map((type, column) => `$${row * RECORD_TYPES.length + column + 1}::${type}`).join(', ')})`).join(', ')}) AS input
      ON CONFLICT (id) DO NOTHING
      RETURNING survey_id, kind, type, score, scale_min, scale_max, received_at, id, category
    ), counted AS (
      INSERT INTO daily_counts (${COUNT_COLUMNS.join(', ')})
      SELECT survey_id, to_char(${UTC}, 'YYYY-MM-DD'), kind, type, coalesce(score, 0), coalesce(scale_min, 0), coalesce(scale_max, 0), COUNT(*),
             MIN((to_char(${UTC}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || id) COLLATE "C")
      FROM ins GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT (survey_id, day, kind, type, score, scale_min, scale_max)
      DO UPDATE SET n = daily_counts.n + excluded.n, first_key = LEAST(daily_counts.first_key, excluded.first_key)
    ), surveyed AS (
      INSERT INTO surveys (survey_id) SELECT DISTINCT survey_id FROM ins ORDER BY 1 ON CONFLICT (survey_id) DO NOTHING
    ), dims AS (
      SELECT ins.*, x.d, x.v FROM jsonb_to_recordset($${count * RECORD_TYPES.length + 1}::jsonb) AS x(i text, d text, v text) JOIN ins ON ins.id = x.i
    ), dimensioned AS (
      INSERT INTO dimension_counts (${DIMENSION_COLUMNS}, n)
      SELECT survey_id, d, to_char(${UTC}, 'YYYY-MM-DD'), v, kind, type, coalesce(score, 0), coalesce(scale_min, 0), coalesce(scale_max, 0), COUNT(*)
      FROM dims GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
      ON CONFLICT (${DIMENSION_COLUMNS}) DO UPDATE SET n = dimension_counts.n + excluded.n
    ), keyed AS (
      INSERT INTO dimension_keys (survey_id, dim) SELECT DISTINCT survey_id, d FROM dims ORDER BY 1, 2 ON CONFLICT (survey_id, dim) DO NOTHING
    ), followed AS (
      INSERT INTO followups (record_id, survey_id, kind, score, band, received_at, status, reason, updated_at)
      SELECT id, survey_id, kind, score, 'low', ${ISO_RECEIVED}, 'new', 'low score', ${ISO_RECEIVED}
      FROM ins WHERE type = 'response' AND category IN ('detractor', 'low') ORDER BY id
      ON CONFLICT (record_id) DO NOTHING
    ), alerted AS (
      INSERT INTO alert_events (event_id, hook_id, record_id, rules, status, attempts, created_at, next_attempt_at, retry_until)
      SELECT a.e, a.h, a.i, a.r, 'pending', 0, a.c, a.c, a.u
      FROM jsonb_to_recordset($${count * RECORD_TYPES.length + 2}::jsonb) AS a(e text, h text, i text, r text, c text, u text) JOIN ins ON ins.id = a.i ORDER BY a.e
      ON CONFLICT (event_id) DO NOTHING
    )
    SELECT COUNT(*)::int AS stored FROM ins`;

  async function insertOnce(batch: readonly RecordRow[], alerts: readonly PlannedAlert[]): Promise<number> {
    const dims = JSON.stringify(batch.flatMap((row) => row.dimensions.map(([d, v]) => ({ i: row.id, d, v }))));
    const events = JSON.stringify(alerts.map((a) => ({ e: a.eventId, h: a.hookId, i: a.recordId, r: a.rules, c: a.createdAt, u: a.retryUntil })));
    const result = await pool.query<{ stored: number }>(insertSql(batch.length), [...batch.flatMap((row) => ROW_FIELDS.map((field) => row[field])), dims, events]);
    return result.rows[0]!.stored;
  }

  return {
    backend: 'postgres',
    async insert(records, options) {
      if (records.length === 0) return 0;
      const batch = toRecordRows(records, options);
      for (let attempt = 1; ; attempt++) {
        try {
          return await insertOnce(batch, options?.alerts ?? []);
        } catch (error) {
          if (refusedValues(error)) throw new StoreRejectedError();
          if (attempt >= ATTEMPTS || !RETRIED.has(String((error as { code?: unknown }).code))) throw error;
        }
      }
    },
    async list({ limit = 100, after = null, ...filter } = {}) {
      const params: unknown[] = [];
      const clauses = recordClauses(filter, bind(params));
      if (after) clauses.push(`(received_at, id) < (${bind(params)(after.receivedAt)}::timestamptz, ${bind(params)(after.id)})`);
      const found = await rows(`SELECT * FROM records ${whereOf(clauses)} ORDER BY received_at DESC, id DESC LIMIT ${bind(params)(limit + 1)}`, params);
      const records = found.slice(0, limit).map((row) => toStoredRecord(row, iso, (json) => json as WireRecord));
      const last = records[records.length - 1];
      return { records, next: found.length > limit && last ? { receivedAt: last.receivedAt, id: last.id } : null };
    },
    async count(filter = {}) {
      const params: unknown[] = [];
      return Number((await rows(`SELECT COALESCE(SUM(n), 0)::float8 AS n FROM daily_counts ${whereOf(dayClauses(filter, bind(params)))}`, params))[0]!.n);
    },
    async surveys(filter, page) {
      const params: unknown[] = [];
      const days = dayClauses(filter, bind(params));
      const where = days.length ? `WHERE EXISTS (SELECT 1 FROM daily_counts d WHERE d.survey_id = s.survey_id AND ${days.join(' AND ')})` : '';
      const total = Number((await rows(`SELECT COUNT(*)::float8 AS n FROM surveys s ${where}`, params))[0]!.n);
      const ids = await rows(`SELECT survey_id FROM surveys s ${where} ORDER BY survey_id LIMIT ${bind(params)(page.limit)} OFFSET ${bind(params)(page.offset)}`, params);
      return { surveyIds: ids.map((row) => row.survey_id as string), total };
    },
    async scoreGroups(filter, unit = 'day') {
      const params: unknown[] = [];
      const where = whereOf(dayClauses(filter, bind(params)));
      const period = unit === 'week' ? PG_MONDAY : "substr(day, 1, 7) || '-01'";
      const query =
        unit === 'day'
          ? `SELECT survey_id, kind, type, score, scale_min, scale_max, day, n::float8 AS count FROM daily_counts ${where} ORDER BY first_key`
          : `SELECT survey_id, kind, type, score, scale_min, scale_max, ${period} AS day, SUM(n)::float8 AS count FROM daily_counts ${where}
             GROUP BY survey_id, kind, type, score, scale_min, scale_max, ${period} ORDER BY MIN(first_key)`;
      return (await rows(query, params)).map(toScoreGroup);
    },
    async dimensionGroups(filter, dim) {
      const params: unknown[] = [dim];
      const where = whereOf(['dim = $1', ...dayClauses(filter, bind(params))]);
      const query = `SELECT survey_id, dim, value, kind, type, score, scale_min, scale_max, SUM(n)::float8 AS count FROM dimension_counts ${where}
        GROUP BY survey_id, dim, value, kind, type, score, scale_min, scale_max ORDER BY survey_id, value`;
      return (await rows(query, params)).map(toDimensionGroup);
    },
    async dimensions(surveyIds) {
      if (surveyIds.length === 0) return [];
      const params: unknown[] = [];
      const found = await rows(`SELECT DISTINCT dim FROM dimension_keys WHERE survey_id IN (${surveyIds.map(bind(params)).join(', ')}) ORDER BY dim`, params);
      return found.map((row) => row.dim as string);
    },
    async record(id) {
      const [row] = await rows('SELECT * FROM records WHERE id = $1', [id.toLowerCase()]);
      return row ? toStoredRecord(row, iso, (json) => json as WireRecord) : null;
    },
    async records(ids) {
      if (ids.length === 0) return [];
      return (await rows('SELECT * FROM records WHERE id = ANY($1::text[])', [[...ids]])).map((row) => toStoredRecord(row, iso, (json) => json as WireRecord));
    },
    async comments(filter, limit) {
      const params: unknown[] = [];
      const clauses = [...recordClauses(filter, bind(params)), COMMENTED];
      const found = await rows(`SELECT id, survey_id, score, comment, received_at FROM records ${whereOf(clauses)} ORDER BY received_at DESC, id DESC LIMIT ${bind(params)(limit)}`, params);
      return found.map((row) => toComment(row, iso));
    },
    async *exportPages(filter, pageSize = 1000) {
      let after: [string, string] | null = null;
      for (;;) {
        const params: unknown[] = [];
        const clauses = recordClauses(filter, bind(params));
        if (after) clauses.push(`(received_at, id) > (${bind(params)(after[0])}::timestamptz, ${bind(params)(after[1])})`);
        const page: ExportRow[] = (await rows(`SELECT * FROM records ${whereOf(clauses)} ORDER BY received_at, id LIMIT ${bind(params)(pageSize)}`, params)).map((row) => toExportRow(row, iso));
        if (page.length === 0) return;
        yield page;
        const last: ExportRow = page[page.length - 1]!;
        after = [last.receivedAt, last.id];
      }
    },
    async deleteReceivedBefore(day) {
      const cutoff = `${day}T00:00:00.000Z`;
      let deleted = 0;
      // In chunks, so no transaction holds many row locks for long.
      for (let count = 1; count > 0; deleted += count) {
        count = (await pool.query('DELETE FROM records WHERE id IN (SELECT id FROM records WHERE received_at < $1 LIMIT 5000)', [cutoff])).rowCount ?? 0;
      }
      await pool.query('DELETE FROM daily_counts WHERE day < $1', [day]);
      await pool.query('DELETE FROM dimension_counts WHERE day < $1', [day]);
      await pool.query('DELETE FROM followups WHERE received_at < $1', [cutoff]);
      await pool.query('DELETE FROM alert_events WHERE created_at < $1', [cutoff]);
      await pool.query('DELETE FROM surveys s WHERE NOT EXISTS (SELECT 1 FROM daily_counts d WHERE d.survey_id = s.survey_id)');
      return deleted;
    },
    inbox: createInboxStore(sql),
    alerts: createAlertStore(workerSql),
    surveyDefinitions: createSurveyStore(sql),
    webhooks: createWebhookStore(sql),
    close: async () => {
      await Promise.all([pool.end(), readPool.end(), workerPool.end()]);
    },
  };
}
