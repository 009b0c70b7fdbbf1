import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WireRecord } from '@hark/core/schema';
import { createAlertStore } from './alertStore.js';
import { dimensionsOf } from './dimensions.js';
import { createInboxStore } from './inboxStore.js';
import { loopSchema } from './loopSchema.js';
import { toComment, toDimensionGroup, toExportRow, toScoreGroup, toStoredRecord, type Row } from './readRow.js';
import { dayClauses, dayCountsOf, dimensionCountsOf, dimensionKeysOf, followUpsOf, recordClauses, toRecordRows, whereOf, type RecordRow } from './rows.js';
import type { Sql } from './sql.js';
import { createSqliteReader } from './sqliteReader.js';
import { createSurveyStore } from './surveyStore.js';
import { StoreRejectedError, type ExportRow, type InsertOptions, type RecordsStore } from './types.js';
import { createWebhookStore } from './webhookStore.js';

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
  // v4: reports go by receive time, from day counts kept up to date on insert, so a results page
  // reads a few rows per survey and day however many records there are. Ids become lowercase
  // (of two spellings of one id, the lowercase one, else the first, is kept).
  `DELETE FROM records WHERE id <> lower(id) AND EXISTS (
     SELECT 1 FROM records other WHERE lower(other.id) = lower(records.id) AND other.id <> records.id AND (other.id = lower(other.id) OR other.rowid < records.rowid));
   UPDATE records SET id = lower(id), json = json_set(json, '$.id', lower(id)) WHERE id <> lower(id);
   DROP INDEX records_scores;
   DROP INDEX records_survey_created;
   DROP INDEX records_created;
   CREATE INDEX records_received ON records (received_at, id);
   CREATE INDEX records_survey_received ON records (survey_id, received_at, id);
   CREATE INDEX records_comments ON records (survey_id, received_at, id) WHERE type = 'response' AND comment IS NOT NULL AND comment <> '';
   CREATE TABLE daily_counts (
     survey_id TEXT NOT NULL,
     day TEXT NOT NULL,
     kind TEXT NOT NULL,
     type TEXT NOT NULL,
     score INTEGER NOT NULL,
     scale_min INTEGER NOT NULL,
     scale_max INTEGER NOT NULL,
     n INTEGER NOT NULL,
     first_key TEXT NOT NULL,
     PRIMARY KEY (survey_id, day, kind, type, score, scale_min, scale_max)
   ) WITHOUT ROWID;
   INSERT INTO daily_counts
     SELECT survey_id, substr(received_at, 1, 10), kind, type, coalesce(score, 0), coalesce(scale_min, 0), coalesce(scale_max, 0), COUNT(*), MIN(received_at || id)
     FROM records GROUP BY 1, 2, 3, 4, 5, 6, 7;
   CREATE TABLE surveys (survey_id TEXT PRIMARY KEY) WITHOUT ROWID;
   INSERT INTO surveys SELECT DISTINCT survey_id FROM records;`,
  // v5: breakdown counts, the follow-up inbox, the webhook outbox, webhooks, survey definitions.
  loopSchema('sqlite'),
];

const ADD_DIMENSION = `INSERT INTO dimension_counts (survey_id, dim, day, value, kind, type, score, scale_min, scale_max, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (survey_id, dim, day, value, kind, type, score, scale_min, scale_max) DO UPDATE SET n = n + excluded.n`;
const ADD_DIMENSION_KEY = 'INSERT INTO dimension_keys (survey_id, dim) VALUES (?, ?) ON CONFLICT (survey_id, dim) DO NOTHING';

/** Counts the records already stored into the breakdowns (migration v5), a page at a time. */
function backfillDimensions(db: Database.Database): void {
  const page = db.prepare('SELECT * FROM records WHERE id > ? ORDER BY id LIMIT 2000');
  const addDimension = db.prepare(ADD_DIMENSION);
  const addKey = db.prepare(ADD_DIMENSION_KEY);
  for (let after = ''; ; ) {
    const rows = page.all(after) as Row[];
    if (rows.length === 0) return;
    const records = rows.map((row) => ({ ...rowOf(row), dimensions: dimensionsOf(JSON.parse(row.json as string) as WireRecord) }));
    for (const c of dimensionCountsOf(records)) addDimension.run(c.surveyId, c.dim, c.day, c.value, c.kind, c.type, c.score, c.scaleMin, c.scaleMax, c.count);
    for (const k of dimensionKeysOf(records)) addKey.run(k.surveyId, k.dim);
    after = rows[rows.length - 1]!.id as string;
  }
}

/** A stored row's columns as `RecordRow` names them (for backfills). */
const rowOf = (row: Row) => ({
  id: row.id as string,
  surveyId: row.survey_id as string,
  kind: row.kind as string,
  type: row.type as string,
  score: row.score as number | null,
  scaleMin: row.scale_min as number | null,
  scaleMax: row.scale_max as number | null,
  receivedAt: row.received_at as string,
});

/** Work a migration needs beyond its SQL, run in its transaction, by the version it brings the database to. */
const AFTER_MIGRATION: Readonly<Record<number, (db: Database.Database) => void>> = { 5: backfillDimensions };

const RECORD_COLUMNS = ['id', 'type', 'survey_id', 'kind', 'score', 'scale_min', 'scale_max', 'category', 'comment', 'user_id', 'anonymous_id', 'created_at', 'received_at', 'json'];
const ROW_FIELDS: ReadonlyArray<keyof RecordRow> = ['id', 'type', 'surveyId', 'kind', 'score', 'scaleMin', 'scaleMax', 'category', 'comment', 'userId', 'anonymousId', 'createdAt', 'receivedAt', 'json'];
const COMMENTED = "type = 'response' AND comment IS NOT NULL AND comment <> ''";
/** The Monday of a `day`'s week (strftime's %w counts from Sunday). */
const SQLITE_MONDAY = "date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')";
const text = (value: unknown) => value as string;

/**
 * Opens (creating the file and folder if needed) a SQLite database in WAL mode
 * and applies pending migrations. One process per file: for more, use PostgreSQL.
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
      AFTER_MIGRATION[index + 1]?.(db);
      db.pragma(`user_version = ${index + 1}`);
    })();
  }

  // ON CONFLICT (id), not INSERT OR IGNORE: that would also swallow a NOT NULL failure and lose the record.
  const insertOne = db.prepare(`INSERT INTO records (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`);
  const addCount = db.prepare(
    `INSERT INTO daily_counts (survey_id, day, kind, type, score, scale_min, scale_max, n, first_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (survey_id, day, kind, type, score, scale_min, scale_max) DO UPDATE SET n = n + excluded.n, first_key = min(first_key, excluded.first_key)`,
  );
  const addSurvey = db.prepare('INSERT INTO surveys (survey_id) VALUES (?) ON CONFLICT (survey_id) DO NOTHING');
  const addDimension = db.prepare(ADD_DIMENSION);
  const addDimensionKey = db.prepare(ADD_DIMENSION_KEY);
  const addFollowUp = db.prepare(
    `INSERT INTO followups (record_id, survey_id, kind, score, band, received_at, status, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'new', ?, ?) ON CONFLICT (record_id) DO NOTHING`,
  );
  const addAlert = db.prepare(
    `INSERT INTO alert_events (event_id, hook_id, record_id, rules, status, attempts, created_at, next_attempt_at, retry_until) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
  );
  // Everything a new record brings, in one transaction: its counts, its follow-up, its webhook events.
  const insertRows = db.transaction((rows: readonly RecordRow[], alerts: NonNullable<InsertOptions['alerts']>) => {
    const stored = rows.filter((row) => insertOne.run(...ROW_FIELDS.map((field) => row[field])).changes === 1);
    for (const c of dayCountsOf(stored)) addCount.run(c.surveyId, c.day, c.kind, c.type, c.score, c.scaleMin, c.scaleMax, c.count, c.firstKey);
    for (const surveyId of new Set(stored.map((row) => row.surveyId))) addSurvey.run(surveyId);
    for (const c of dimensionCountsOf(stored)) addDimension.run(c.surveyId, c.dim, c.day, c.value, c.kind, c.type, c.score, c.scaleMin, c.scaleMax, c.count);
    for (const k of dimensionKeysOf(stored)) addDimensionKey.run(k.surveyId, k.dim);
    for (const f of followUpsOf(stored)) addFollowUp.run(f.recordId, f.surveyId, f.kind, f.score, f.band, f.receivedAt, f.reason, f.receivedAt);
    const storedIds = new Set(stored.map((row) => row.id));
    for (const a of alerts) if (storedIds.has(a.recordId)) addAlert.run(a.eventId, a.hookId, a.recordId, a.rules, a.createdAt, a.createdAt, a.retryUntil);
    return stored.length;
  });
  const reader = createSqliteReader(db, path);
  const all = (sql: string, params: unknown[]) => reader.all(sql, params);
  const sql: Sql = {
    dialect: 'sqlite',
    read: (text, params = []) => reader.all(text, params),
    async write(text, params = []) {
      const statement = db.prepare(text);
      if (statement.reader) return statement.all(...params) as Row[];
      statement.run(...params);
      return [];
    },
  };
  const bind = (params: unknown[]) => (value: unknown) => {
    params.push(value);
    return '?';
  };

  return {
    backend: 'sqlite',
    async insert(records, options) {
      try {
        return insertRows(toRecordRows(records, options), options?.alerts ?? []);
      } catch (error) {
        // Constraint and type failures are about the values; anything else (disk full, locked) may pass later.
        if (error instanceof Error && /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test((error as { code?: string }).code ?? '')) throw new StoreRejectedError();
        throw error;
      }
    },
    async list({ limit = 100, after = null, ...filter } = {}) {
      const params: unknown[] = [];
      const clauses = recordClauses(filter, bind(params));
      // A row value, not `a < x OR (a = x AND b < y)`: only this form walks the index from the cursor.
      if (after) clauses.push(`(received_at, id) < (${bind(params)(after.receivedAt)}, ${bind(params)(after.id)})`);
      const rows = await all(`SELECT * FROM records ${whereOf(clauses)} ORDER BY received_at DESC, id DESC LIMIT ${bind(params)(limit + 1)}`, params);
      const records = rows.slice(0, limit).map((row) => toStoredRecord(row, text, (json) => JSON.parse(json as string) as WireRecord));
      const last = records[records.length - 1];
      return { records, next: rows.length > limit && last ? { receivedAt: last.receivedAt, id: last.id } : null };
    },
    async count(filter = {}) {
      const params: unknown[] = [];
      const [row] = await all(`SELECT COALESCE(SUM(n), 0) AS n FROM daily_counts ${whereOf(dayClauses(filter, bind(params)))}`, params);
      return Number(row!.n);
    },
    async surveys(filter, page) {
      const params: unknown[] = [];
      const days = dayClauses(filter, bind(params));
      const where = days.length ? `WHERE EXISTS (SELECT 1 FROM daily_counts d WHERE d.survey_id = s.survey_id AND ${days.join(' AND ')})` : '';
      const [count] = await all(`SELECT COUNT(*) AS n FROM surveys s ${where}`, params);
      const ids = await all(`SELECT survey_id FROM surveys s ${where} ORDER BY survey_id LIMIT ? OFFSET ?`, [...params, page.limit, page.offset]);
      const total = Number(count!.n);
      return { surveyIds: ids.map((row) => row.survey_id as string), total };
    },
    async scoreGroups(filter, unit = 'day') {
      const params: unknown[] = [];
      const where = whereOf(dayClauses(filter, bind(params)));
      const period = unit === 'week' ? SQLITE_MONDAY : "substr(day, 1, 7) || '-01'";
      const query =
        unit === 'day'
          ? `SELECT survey_id, kind, type, score, scale_min, scale_max, day, n AS count FROM daily_counts ${where} ORDER BY first_key`
          : `SELECT survey_id, kind, type, score, scale_min, scale_max, ${period} AS day, SUM(n) AS count FROM daily_counts ${where}
             GROUP BY survey_id, kind, type, score, scale_min, scale_max, ${period} ORDER BY MIN(first_key)`;
      return (await all(query, params)).map(toScoreGroup);
    },
    async dimensionGroups(filter, dim) {
      const params: unknown[] = [dim];
      const where = whereOf(['dim = ?', ...dayClauses(filter, bind(params))]);
      const query = `SELECT survey_id, dim, value, kind, type, score, scale_min, scale_max, SUM(n) AS count FROM dimension_counts ${where}
        GROUP BY survey_id, dim, value, kind, type, score, scale_min, scale_max ORDER BY survey_id, value`;
      return (await all(query, params)).map(toDimensionGroup);
    },
    async dimensions(surveyIds) {
      if (surveyIds.length === 0) return [];
      const rows = await all(`SELECT DISTINCT dim FROM dimension_keys WHERE survey_id IN (${surveyIds.map(() => '?').join(', ')}) ORDER BY dim`, [...surveyIds]);
      return rows.map((row) => row.dim as string);
    },
    async record(id) {
      const [row] = await all('SELECT * FROM records WHERE id = ?', [id.toLowerCase()]);
      return row ? toStoredRecord(row, text, (json) => JSON.parse(json as string) as WireRecord) : null;
    },
    async records(ids) {
      if (ids.length === 0) return [];
      const rows = await all(`SELECT * FROM records WHERE id IN (${ids.map(() => '?').join(', ')})`, [...ids]);
      return rows.map((row) => toStoredRecord(row, text, (json) => JSON.parse(json as string) as WireRecord));
    },
    async comments(filter, limit) {
      const params: unknown[] = [];
      const clauses = [...recordClauses(filter, bind(params)), COMMENTED];
      return (await all(`SELECT id, survey_id, score, comment, received_at FROM records ${whereOf(clauses)} ORDER BY received_at DESC, id DESC LIMIT ${bind(params)(limit)}`, params)).map((row) => toComment(row, text));
    },
    async *exportPages(filter, pageSize = 1000) {
      let after: [string, string] | null = null;
      for (;;) {
        const params: unknown[] = [];
        const clauses = recordClauses(filter, bind(params));
        if (after) clauses.push(`(received_at, id) > (${bind(params)(after[0])}, ${bind(params)(after[1])})`);
        const rows: ExportRow[] = (await all(`SELECT * FROM records ${whereOf(clauses)} ORDER BY received_at, id LIMIT ${bind(params)(pageSize)}`, params)).map((row) => toExportRow(row, text));
        if (rows.length === 0) return;
        yield rows;
        const last: ExportRow = rows[rows.length - 1]!;
        after = [last.receivedAt, last.id];
      }
    },
    async deleteReceivedBefore(day) {
      const cutoff = `${day}T00:00:00.000Z`;
      const chunk = db.prepare('DELETE FROM records WHERE rowid IN (SELECT rowid FROM records WHERE received_at < ? LIMIT 5000)');
      let deleted = 0;
      // In chunks, so ingest is never held up behind one long delete.
      for (let changes = 1; changes > 0; ) {
        changes = chunk.run(cutoff).changes;
        deleted += changes;
        if (changes > 0) await new Promise((resolve) => setImmediate(resolve));
      }
      db.transaction(() => {
        db.prepare('DELETE FROM daily_counts WHERE day < ?').run(day);
        db.prepare('DELETE FROM dimension_counts WHERE day < ?').run(day);
        db.prepare('DELETE FROM followups WHERE received_at < ?').run(cutoff);
        db.prepare('DELETE FROM alert_events WHERE created_at < ?').run(cutoff);
        db.prepare('DELETE FROM surveys WHERE NOT EXISTS (SELECT 1 FROM daily_counts d WHERE d.survey_id = surveys.survey_id)').run();
      })();
      return deleted;
    },
    inbox: createInboxStore(sql),
    alerts: createAlertStore(sql),
    surveyDefinitions: createSurveyStore(sql),
    webhooks: createWebhookStore(sql),
    close: async () => {
      await reader.close();
      db.close();
    },
  };
}
