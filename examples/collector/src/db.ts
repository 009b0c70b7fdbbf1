import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WireRecord } from '@hark/core';

/** A stored record as the listing returns it. */
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

/** The collector's storage. */
export interface RecordsDb {
  /** Stores new records; an id already stored is ignored. Returns how many were new. */
  insert(records: readonly WireRecord[]): number;
  /** Newest first. */
  list(options?: { limit?: number; surveyId?: string }): StoredRecord[];
  count(): number;
  close(): void;
}

const MIGRATIONS: readonly string[] = [
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
];

/** Opens (creating if needed) the SQLite database and applies pending migrations. */
export function openSqlite(path: string): RecordsDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let index = version; index < MIGRATIONS.length; index++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[index]!);
      db.pragma(`user_version = ${index + 1}`);
    })();
  }

  const insertOne = db.prepare(
    `INSERT OR IGNORE INTO records (id, type, survey_id, kind, score, category, comment, user_id, anonymous_id, created_at, received_at, json)
     VALUES (@id, @type, @surveyId, @kind, @score, @category, @comment, @userId, @anonymousId, @createdAt, @receivedAt, @json)`,
  );
  const insertMany = db.transaction((records: readonly WireRecord[]) => {
    const receivedAt = new Date().toISOString();
    let inserted = 0;
    for (const record of records) {
      const response = record.type === 'response' ? record : null;
      inserted += insertOne.run({
        id: record.id,
        type: record.type,
        surveyId: record.surveyId,
        kind: record.kind,
        score: response?.score ?? null,
        category: response?.category ?? null,
        comment: response?.comment ?? null,
        userId: record.userId ?? null,
        anonymousId: record.anonymousId,
        createdAt: record.createdAt,
        receivedAt,
        json: JSON.stringify(record),
      }).changes;
    }
    return inserted;
  });

  type Row = { id: string; type: string; survey_id: string; kind: string; score: number | null; category: string | null; comment: string | null; created_at: string; received_at: string; json: string };
  return {
    insert: (records) => insertMany(records),
    list({ limit = 100, surveyId } = {}) {
      const rows = (
        surveyId
          ? db.prepare('SELECT * FROM records WHERE survey_id = ? ORDER BY created_at DESC, id DESC LIMIT ?').all(surveyId, limit)
          : db.prepare('SELECT * FROM records ORDER BY created_at DESC, id DESC LIMIT ?').all(limit)
      ) as Row[];
      return rows.map((row) => ({
        id: row.id,
        type: row.type,
        surveyId: row.survey_id,
        kind: row.kind,
        score: row.score,
        category: row.category,
        comment: row.comment,
        createdAt: row.created_at,
        receivedAt: row.received_at,
        record: JSON.parse(row.json) as WireRecord,
      }));
    },
    count: () => (db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number }).n,
    close: () => db.close(),
  };
}
