import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, openStore, SQLITE_MIGRATIONS, type RecordsStore } from '@hark/collector';
import { backends } from './support/backends';
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

  it.skipIf(backend.skip)('exports page by page, oldest first, each record exactly once, even with equal timestamps', async () => {
    const same = '2026-11-10T08:00:00.000Z';
    const records = [
      ...Array.from({ length: 7 }, (_, i) => response({ id: uuid(0xb000 + i), surveyId: 'paged', createdAt: same })),
      ...Array.from({ length: 5 }, (_, i) => event('shown', { id: uuid(0xb100 + i), surveyId: 'paged', createdAt: `2026-11-1${i}T09:00:00.000Z` })),
    ];
    expect(await store.insert(records)).toBe(12);
    const pages: string[][] = [];
    for await (const page of store.exportPages({ surveyId: 'paged' }, 3)) pages.push(page.map((row) => row.id));
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 3]);
    const ids = pages.flat();
    expect(new Set(ids).size).toBe(12);
    expect(ids.slice(0, 7).sort()).toEqual(records.slice(0, 7).map((r) => r.id).sort());
    const exported: string[] = [];
    for await (const page of store.exportPages({ surveyId: 'paged', from: '2026-11-12T00:00:00.000Z', to: '2026-11-14T00:00:00.000Z' }, 1)) exported.push(...page.map((row) => row.createdAt));
    expect(exported).toEqual(['2026-11-12T09:00:00.000Z', '2026-11-13T09:00:00.000Z']);
  });

  it.skipIf(backend.skip)('normalises timestamps so date filters compare instants, not strings', async () => {
    await store.insert([response({ id: uuid(0xc001), surveyId: 'instants', createdAt: '2026-11-10T08:00:00Z' }), response({ id: uuid(0xc002), surveyId: 'instants', createdAt: '2026-11-10T08:00:00.500Z' })]);
    const groups = await store.scoreGroups({ surveyId: 'instants', from: '2026-11-10T08:00:00.100Z' });
    expect(groups.map((group) => [group.day, group.count])).toEqual([['2026-11-10', 1]]);
  });
});
