import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { WireRecord } from '@hark/core/schema';
import { openSqlite, openStore, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS, type RecordsStore } from '@hark/collector';
import { backends, type Backend, type BackendTarget } from './support/backends';
import { event, response, uuid } from './support/records';

const all = backends();
const sqlite = all[0]!;

describe('SQLite file', () => {
  it('is created with its folder on first start, in WAL mode, at the latest schema version', async () => {
    const { dbPath } = await sqlite.fresh();
    const nested = dbPath.replace(/hark\.sqlite$/, 'new/folder/hark.sqlite');
    const store = openSqlite(nested);
    await store.close();
    expect(existsSync(nested)).toBe(true);
    const db = new Database(nested, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    db.close();
  });

  it('migrates a version-1 database without losing its records', async () => {
    const { dbPath } = await sqlite.fresh();
    // A database as the walking skeleton left it: schema v1, one stored answer.
    const old = new Database(dbPath);
    old.exec(SQLITE_MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    const answer = response({ id: uuid(0x9001), kind: 'csat', score: 4, comment: 'kept' });
    old.prepare(
      `INSERT INTO records (id, type, survey_id, kind, score, category, comment, user_id, anonymous_id, created_at, received_at, json)
       VALUES (?, 'response', ?, 'csat', 4, 'high', 'kept', NULL, 'a_1', ?, ?, ?)`,
    ).run(answer.id, answer.surveyId, answer.createdAt, answer.createdAt, JSON.stringify(answer));
    old.close();

    const store = openSqlite(dbPath);
    try {
      expect(await store.scoreGroups({})).toEqual([{ surveyId: answer.surveyId, kind: 'csat', type: 'response', score: 4, scaleMin: 1, scaleMax: 5, day: answer.createdAt.slice(0, 10), count: 1 }]);
      expect(await store.insert([answer])).toBe(0);
    } finally {
      await store.close();
    }
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    db.close();
  });
});

/** Puts a fresh database at schema v3 with `rows` in it, as a collector before day counts left it. */
async function atVersion3(backend: Backend, rows: Array<{ id: string; surveyId: string; receivedAt: string; score: number }>): Promise<BackendTarget> {
  const target = await backend.fresh();
  const values = (row: (typeof rows)[number]) => [row.id, row.surveyId, row.score, row.receivedAt, row.receivedAt, JSON.stringify({ ...response({ id: row.id, surveyId: row.surveyId, score: row.score }) })];
  const insert = `INSERT INTO records (id, type, survey_id, kind, score, scale_min, scale_max, category, comment, user_id, anonymous_id, created_at, received_at, json)
    VALUES (?, 'response', ?, 'nps', ?, 0, 10, 'promoter', NULL, NULL, 'a_1', ?, ?, ?)`;
  if (backend.name === 'sqlite') {
    const db = new Database(target.dbPath);
    for (const sql of SQLITE_MIGRATIONS.slice(0, 3)) db.exec(sql);
    db.pragma('user_version = 3');
    for (const row of rows) db.prepare(insert).run(...values(row));
    db.close();
  } else {
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    try {
      for (const sql of POSTGRES_MIGRATIONS.slice(0, 3)) await client.query(sql);
      await client.query('CREATE TABLE hark_schema_version (version INTEGER NOT NULL); INSERT INTO hark_schema_version VALUES (3)');
      let n = 0;
      for (const row of rows) await client.query(insert.replace(/\?/g, () => `$${++n}`), values(row)).finally(() => (n = 0));
    } finally {
      await client.end();
    }
  }
  return target;
}

describe.each(all)('migration to day counts ($name)', (backend) => {
  it.skipIf(backend.skip)('counts what is already stored by day of receipt, and lowercases ids, keeping one record per id', async () => {
    const id = uuid(0xd001);
    const target = await atVersion3(backend, [
      { id: id.toUpperCase(), surveyId: 'old-nps', receivedAt: '2026-03-02T10:00:00.000Z', score: 9 },
      { id, surveyId: 'old-nps', receivedAt: '2026-03-02T11:00:00.000Z', score: 9 },
      { id: uuid(0xd002).toUpperCase(), surveyId: 'old-nps', receivedAt: '2026-03-03T10:00:00.000Z', score: 10 },
    ]);
    const store = await openStore(target);
    try {
      expect(await store.count()).toBe(2);
      expect((await store.scoreGroups({})).map((group) => [group.day, group.score, group.count])).toEqual([
        ['2026-03-02', 9, 1],
        ['2026-03-03', 10, 1],
      ]);
      const { records } = await store.list({ limit: 10 });
      expect(records.map((record) => [record.id, record.record.id])).toEqual([
        [uuid(0xd002), uuid(0xd002)],
        [id, id],
      ]);
      expect((await store.surveys({}, { offset: 0, limit: 10 })).surveyIds).toEqual(['old-nps']);
      expect(await store.insert([response({ id: id.toUpperCase() })] as never)).toBe(0);
    } finally {
      await store.close();
    }
  });
});

describe.each(all)('store ($name)', (backend) => {
  let target: Awaited<ReturnType<typeof backend.fresh>>;
  let store: RecordsStore;
  beforeAll(async () => {
    if (backend.skip) return;
    target = await backend.fresh();
    store = await openStore(target);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });

  it.skipIf(backend.skip)('opens an existing database again, and several at once, without re-running migrations', async () => {
    await store.insert([response({ id: uuid(0xa001) })]);
    const again = await Promise.all([openStore(target), openStore(target), openStore(target)]);
    expect(await Promise.all(again.map((other) => other.count()))).toEqual([1, 1, 1]);
    await Promise.all(again.map((other) => other.close()));
  });

  it.skipIf(backend.skip)('exports page by page, oldest received first, each record exactly once, even with equal timestamps', async () => {
    const same = new Date('2026-11-10T08:00:00.000Z');
    const records = [
      ...Array.from({ length: 7 }, (_, i) => response({ id: uuid(0xb000 + i), surveyId: 'paged' })),
      ...Array.from({ length: 5 }, (_, i) => event('shown', { id: uuid(0xb100 + i), surveyId: 'paged', createdAt: `2026-11-1${i}T09:00:00.000Z` })),
    ] as WireRecord[];
    expect(await store.insert(records.slice(0, 7), { receivedAt: same })).toBe(7);
    expect(await store.insert(records.slice(7), { receivedAt: (record) => new Date(record.createdAt) })).toBe(5);
    const pages: string[][] = [];
    for await (const page of store.exportPages({ surveyId: 'paged' }, 3)) pages.push(page.map((row) => row.id));
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 3]);
    const ids = pages.flat();
    expect(new Set(ids).size).toBe(12);
    expect(ids.slice(0, 7)).toEqual(records.slice(0, 7).map((r) => r.id).sort());
    const exported: string[] = [];
    for await (const page of store.exportPages({ surveyId: 'paged', from: '2026-11-12', to: '2026-11-13' }, 1)) exported.push(...page.map((row) => row.receivedAt));
    expect(exported).toEqual(['2026-11-12T09:00:00.000Z', '2026-11-13T09:00:00.000Z']);
  });

  it.skipIf(backend.skip)('deletes whole days of receipt under retention: the records, their counts, and surveys left empty', async () => {
    const at = (day: string) => new Date(`${day}T12:00:00.000Z`);
    await store.insert([response({ id: uuid(0xc001), surveyId: 'retained' }), response({ id: uuid(0xc002), surveyId: 'gone' })] as WireRecord[], { receivedAt: at('2020-01-01') });
    await store.insert([response({ id: uuid(0xc003), surveyId: 'retained' })] as WireRecord[], { receivedAt: at('2020-01-02') });
    expect(await store.deleteReceivedBefore('2020-01-02')).toBe(2);
    expect(await store.count({ surveyId: 'retained' })).toBe(1);
    expect(await store.count({ surveyId: 'gone' })).toBe(0);
    expect((await store.scoreGroups({ surveyIds: ['retained', 'gone'] })).map((group) => group.day)).toEqual(['2020-01-02']);
    expect((await store.surveys({}, { offset: 0, limit: 1000 })).surveyIds).not.toContain('gone');
    expect((await store.list({ surveyId: 'retained' })).records.map((record) => record.id)).toEqual([uuid(0xc003)]);
  });
});
