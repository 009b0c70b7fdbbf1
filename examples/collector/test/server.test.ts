import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '@hark/collector';

const dir = mkdtempSync(join(tmpdir(), 'hark-collector-'));
const dbPath = join(dir, 'hark.sqlite');
let collector: RunningCollector;

beforeAll(async () => {
  collector = await startCollector({ dbPath, port: 0, allowedOrigins: ['http://app.test'] });
});
afterAll(async () => {
  await collector.close();
  rmSync(dir, { recursive: true, force: true });
});

const record = (id: string, score = 9) => ({
  id,
  type: 'response',
  surveyId: 'nps-q4',
  kind: 'nps',
  score,
  scale: { min: 0, max: 10 },
  category: score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor',
  question: 'How likely?',
  comment: 'fast!',
  anonymousId: 'a_1',
  createdAt: '2026-11-24T12:00:00.000Z',
});
const batch = (...records: unknown[]) => ({ sdk: { name: 'hark', version: '0.1.0' }, sentAt: '2026-11-24T12:00:01.000Z', records });
const post = (body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  fetch(collector.endpoint, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
const rows = () => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT id, score, comment FROM records ORDER BY id').all() as Array<{ id: string; score: number; comment: string }>;
  } finally {
    db.close();
  }
};

describe('reference collector', () => {
  it('stores a valid batch in SQLite', async () => {
    const response = await post(batch(record('01a20e35-c721-73ca-886e-f4b313d06001')));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ stored: 1, duplicates: 0 });
    expect(rows()).toContainEqual({ id: '01a20e35-c721-73ca-886e-f4b313d06001', score: 9, comment: 'fast!' });
  });

  it('stores a replayed record once and still answers 2xx', async () => {
    const body = batch(record('01a20e35-c721-73ca-886e-f4b313d06002'), record('01a20e35-c721-73ca-886e-f4b313d06003', 3));
    expect((await post(body)).status).toBe(200);
    const replay = await post(body);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ stored: 0, duplicates: 2 });
    expect(rows().filter((r) => r.id.endsWith('06002') || r.id.endsWith('06003'))).toHaveLength(2);
  });

  it('answers 400 with the zod issues for a record that breaks the contract', async () => {
    const response = await post(batch({ ...record('01a20e35-c721-73ca-886e-f4b313d06004'), score: 42 }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: Array<{ path: unknown[] }> };
    expect(body.issues.some((issue) => issue.path.includes('score'))).toBe(true);
    expect(rows().some((r) => r.id.endsWith('06004'))).toBe(false);
  });

  it('answers 400 to garbage and 415 to a wrong content type, and keeps running', async () => {
    expect((await post('{"sdk": tru')).status).toBe(400);
    expect((await post('[]')).status).toBe(400);
    expect((await post(batch(record('01a20e35-c721-73ca-886e-f4b313d06005')), { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
  });

  it('answers CORS preflights for allowed origins, with the Idempotency-Key header', async () => {
    const allowed = await fetch(collector.endpoint, {
      method: 'OPTIONS',
      headers: { Origin: 'http://app.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,idempotency-key' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/i);
    const other = await fetch(collector.endpoint, { method: 'OPTIONS', headers: { Origin: 'http://evil.test' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lists stored records as JSON', async () => {
    const listing = (await (await fetch(collector.endpoint)).json()) as { total: number; records: Array<{ id: string }> };
    expect(listing.total).toBe(rows().length);
    expect(listing.records.map((r) => r.id)).toContain('01a20e35-c721-73ca-886e-f4b313d06001');
  });
});
