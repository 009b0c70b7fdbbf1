import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector, openSqlite, openStore, startCollector, StoreRejectedError, type RecordsStore, type RunningCollector } from '@hark/collector';
import type { AddressInfo } from 'node:net';
import { adminFetch, testAdmin } from './support/admin';
import { backends } from './support/backends';
import { batch, event, post, response, uuid } from './support/records';

/** Sends a body with chunked encoding (no Content-Length), as a streaming client would. */
function postChunked(endpoint: string, chunks: number, chunkBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    // The server may close the socket once it has answered; the status is what matters.
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    let sent = 0;
    const write = () => {
      while (sent < chunks) {
        sent += 1;
        if (!req.write(`[${'"x",'.repeat(chunkBytes / 4 - 2)}"x"]`.slice(0, chunkBytes))) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe.each(backends())('ingest ($name)', (backend) => {
  let collector: RunningCollector;
  let reader: RecordsStore;
  const logs: string[] = [];

  beforeAll(async () => {
    const target = await backend.fresh();
    collector = await startCollector({ ...target, port: 0, allowedOrigins: ['http://app.test'], maxBodyBytes: 64_000, rateLimit: false, admin: await testAdmin(), log: (line) => logs.push(line) });
    reader = await openStore(target);
  }, 60_000);
  afterAll(async () => {
    await reader?.close();
    await collector?.close();
  });

  it.skipIf(backend.skip)('stores a valid batch, and the listing returns it', async () => {
    expect(collector.backend).toBe(backend.name);
    const answer = response({ id: uuid(0x1001), score: 9, comment: 'fast!' });
    const shown = event('shown', { id: uuid(0x1002) });
    const res = await post(collector.endpoint, batch(shown, answer));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, stored: 2, duplicates: 0 });
    const stored = (await reader.list({ limit: 2 })).records.find((r) => r.id === answer.id);
    expect(stored).toMatchObject({ id: answer.id, type: 'response', surveyId: 'nps-q4', score: 9, category: 'promoter', comment: 'fast!', record: answer });
    expect(Date.parse(stored!.receivedAt)).toBeGreaterThan(Date.now() - 60_000);
    const listing = (await (await adminFetch(collector.endpoint)).json()) as { total: number; records: Array<{ id: string }> };
    expect(listing.total).toBe(await reader.count());
    expect(listing.records.map((r) => r.id)).toEqual(expect.arrayContaining([answer.id, shown.id]));
  });

  it.skipIf(backend.skip)('stores a replayed batch, and an id repeated inside one batch, once, and still answers 2xx', async () => {
    const body = batch(response({ id: uuid(0x2001) }), response({ id: uuid(0x2002), score: 3 }));
    expect((await post(collector.endpoint, body)).status).toBe(200);
    const before = await reader.count();
    const replay = await post(collector.endpoint, body, { 'Idempotency-Key': 'same-batch' });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ stored: 0, duplicates: 2 });
    const twice = await post(collector.endpoint, batch(response({ id: uuid(0x2003) }), response({ id: uuid(0x2003) })));
    expect(await twice.json()).toMatchObject({ stored: 1, duplicates: 1 });
    expect(await reader.count()).toBe(before + 1);
  });

  it.skipIf(backend.skip)('answers 400 with the zod issues for records that break the contract, storing none of the batch', async () => {
    const good = response({ id: uuid(0x3001) });
    const res = await post(collector.endpoint, batch(good, { ...response({ id: uuid(0x3002) }), score: 42 }, { ...response({ id: uuid(0x3003) }), surveyId: 7 }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: Array<{ path: Array<string | number>; message: string }> };
    expect(body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: ['records', 1, 'score'] }), expect.objectContaining({ path: ['records', 2, 'surveyId'] })]));
    expect((await reader.list({ limit: 1000 })).records.some((r) => r.id === good.id)).toBe(false);
  });

  it.skipIf(backend.skip)('answers garbage with 4xx, logs it, and keeps serving', async () => {
    logs.length = 0;
    const deep = JSON.stringify(batch({ ...response(), attributes: { deep: '@@' } })).replace('"@@"', `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    const garbage: Array<[string, string | Uint8Array, number]> = [
      ['truncated JSON', '{"sdk": {"name": "hark", "vers', 400],
      ['empty body', '', 400],
      ['an array', '[]', 400],
      ['null', 'null', 400],
      ['an unknown record type', JSON.stringify(batch({ ...response(), type: 'clicked' })), 400],
      ['wrong types', JSON.stringify(batch({ ...response(), score: '9', createdAt: 12 })), 400],
      ['no records', JSON.stringify(batch()), 400],
      ['a huge comment', JSON.stringify(batch(response({ comment: 'x'.repeat(6000) }))), 400],
      ['deep nesting', deep, 400],
      ['deep nesting that parses', `{"sdk":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, 400],
      ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 400],
      ['a body over the limit', JSON.stringify(batch(response({ comment: 'y'.repeat(5000) }), ...Array.from({ length: 99 }, () => ({ ...response(), question: 'q'.repeat(900) })))), 413],
    ];
    for (const [name, body, status] of garbage) {
      const res = await post(collector.endpoint, body);
      expect.soft(res.status, name).toBe(status);
      const json = (await res.json()) as { ok: boolean; error: string };
      expect.soft(json.ok, name).toBe(false);
      expect.soft(json.error, name).toEqual(expect.any(String));
    }
    expect(logs).toHaveLength(garbage.length);
    expect(logs[0]).toMatch(/^POST \/v1\/records 400 from 127\.0\.0\.1 in \d+ ms: body is not valid JSON/);
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
  });

  it.skipIf(backend.skip)('stores text PostgreSQL cannot hold verbatim (NUL, lone surrogates) instead of failing the batch', async () => {
    const odd = response({ id: uuid(0x4001), comment: 'a\u0000b \ud800 c' });
    const res = await post(collector.endpoint, batch(odd));
    expect(res.status).toBe(200);
    const [stored] = (await reader.list({ limit: 1, surveyId: 'nps-q4' })).records;
    expect(stored!.id).toBe(odd.id);
    expect(stored!.comment).toMatch(/^a.b . c$/);
  });

  it.skipIf(backend.skip)('answers 413 over the body limit, whether declared up front or streamed', async () => {
    const big = JSON.stringify(batch(...Array.from({ length: 80 }, () => ({ ...response(), question: 'q'.repeat(990) }))));
    expect(big.length).toBeGreaterThan(64_000);
    const declared = await post(collector.endpoint, big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ ok: false, limit: 64_000 });
    expect(await postChunked(collector.endpoint, 200, 4096)).toBe(413);
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
  });

  it.skipIf(backend.skip)('answers 415 to a missing or wrong content type, and 405 to other methods', async () => {
    const body = JSON.stringify(batch(response()));
    expect((await fetch(collector.endpoint, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body })).status).toBe(415);
    expect((await fetch(collector.endpoint, { method: 'POST', body: new Blob([body]) })).status).toBe(415);
    expect((await post(collector.endpoint, body, { 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(200);
    const put = await fetch(collector.endpoint, { method: 'PUT', body });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, OPTIONS');
  });

  it.skipIf(backend.skip)('treats the same id in another case as the same record', async () => {
    const lower = uuid(0x5001);
    expect(await (await post(collector.endpoint, batch(response({ id: lower.toUpperCase() })))).json()).toMatchObject({ stored: 1 });
    expect(await (await post(collector.endpoint, batch(response({ id: lower })))).json()).toMatchObject({ stored: 0, duplicates: 1 });
    const [stored] = (await reader.list({ limit: 1 })).records;
    expect(stored).toMatchObject({ id: lower, record: { id: lower } });
  });

  it.skipIf(backend.skip)('lists page by page with a cursor, and counts what the filter matches', async () => {
    const surveyId = `listed-${backend.name}`;
    const ids = Array.from({ length: 7 }, (_, i) => uuid(0x6000 + i));
    expect((await post(collector.endpoint, batch(...ids.map((id) => response({ id, surveyId }))))).status).toBe(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await adminFetch(`${collector.endpoint}?surveyId=${surveyId}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      const page = (await res.json()) as { total: number; records: Array<{ id: string; surveyId: string }>; nextCursor: string | null };
      expect(page.total).toBe(7);
      expect(page.records.every((r) => r.surveyId === surveyId)).toBe(true);
      seen.push(...page.records.map((r) => r.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect((await adminFetch(`${collector.endpoint}?limit=501`)).status).toBe(400);
    expect((await adminFetch(`${collector.endpoint}?cursor=garbage`)).status).toBe(400);
    expect((await adminFetch(`${collector.endpoint}?from=yesterday`)).status).toBe(400);
  });
});

describe('when the database fails', () => {
  async function withStore(insert: RecordsStore['insert']) {
    const store = openSqlite(':memory:');
    const logs: string[] = [];
    const server = createCollector({ store: { ...store, insert }, rateLimit: false, log: (line) => logs.push(line) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/records`;
    return {
      endpoint,
      logs,
      close: async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await store.close();
      },
    };
  }

  it('answers 503 with Retry-After and keeps the database words in the log, out of the body', async () => {
    const failing = await withStore(async () => {
      throw Object.assign(new Error('connection to server at "db.internal" (10.1.2.3), port 5432 failed: password authentication failed for user "hark"'), { code: '28P01' });
    });
    try {
      const res = await post(failing.endpoint, batch(response()));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      const text = await res.text();
      expect(text).not.toMatch(/db\.internal|10\.1\.2\.3|password|5432/);
      expect(failing.logs.join('\n')).toMatch(/db\.internal/);
    } finally {
      await failing.close();
    }
  });

  it('answers 400, not a 503 to retry forever, when the database refuses the values themselves', async () => {
    const refusing = await withStore(async () => {
      throw new StoreRejectedError();
    });
    try {
      const res = await post(refusing.endpoint, batch(response()));
      expect(res.status).toBe(400);
      expect(res.headers.get('retry-after')).toBeNull();
    } finally {
      await refusing.close();
    }
  });
});
