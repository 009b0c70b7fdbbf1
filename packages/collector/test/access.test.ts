import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollector, openSqlite, type CollectorOptions, type RecordsStore } from '@hark/collector';
import { batch, post, response } from './support/records';

let server: Server | null = null;
let store: RecordsStore | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await store?.close();
  server = store = null;
});

async function listen(options: Omit<CollectorOptions, 'store'>): Promise<string> {
  store = openSqlite(':memory:');
  server = createCollector({ ...options, store });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/records`;
}

describe('API key', () => {
  it('answers 401 without the key or with a wrong one, and stores with a right one', async () => {
    const logs: string[] = [];
    const endpoint = await listen({ apiKey: ['old-key', 'ingest-key-1'], rateLimit: false, log: (line) => logs.push(line) });
    const body = batch(response());
    expect((await post(endpoint, body)).status).toBe(401);
    expect((await post(endpoint, body, { 'X-Api-Key': 'ingest-key-2' })).status).toBe(401);
    expect((await post(endpoint, body, { 'X-Api-Key': 'ingest-key-1x' })).status).toBe(401);
    expect((await post(endpoint, body, { 'X-Api-Key': '' })).status).toBe(401);
    expect(await store!.count()).toBe(0);
    expect(logs.every((line) => / 401 /.test(line))).toBe(true);
    expect((await post(endpoint, body, { 'X-Api-Key': 'ingest-key-1' })).status).toBe(200);
    expect((await post(endpoint, batch(response()), { 'x-api-key': 'old-key' })).status).toBe(200);
    expect(await store!.count()).toBe(2);
  });

  it('reads the key from the configured header, and lets browsers send it', async () => {
    const endpoint = await listen({ apiKey: 'k', apiKeyHeader: 'X-Hark-Key', rateLimit: false });
    expect((await post(endpoint, batch(response()), { 'X-Api-Key': 'k' })).status).toBe(401);
    expect((await post(endpoint, batch(response()), { 'X-Hark-Key': 'k' })).status).toBe(200);
    const preflight = await fetch(endpoint, { method: 'OPTIONS', headers: { Origin: 'http://app.test', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Hark-Key/);
  });

  it('needs no key when none is configured', async () => {
    const endpoint = await listen({ rateLimit: false });
    expect((await post(endpoint, batch(response()))).status).toBe(200);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a client spends its burst, and recovers as time passes', async () => {
    let now = 1_000_000;
    const endpoint = await listen({ rateLimit: { perMinute: 6, burst: 2 }, now: () => now });
    expect((await post(endpoint, batch(response()))).status).toBe(200);
    expect((await post(endpoint, batch(response()))).status).toBe(200);
    const limited = await post(endpoint, batch(response()), { Origin: 'http://app.test' });
    expect(limited.status).toBe(429);
    // 6 per minute refills one request every 10 s.
    expect(limited.headers.get('retry-after')).toBe('10');
    expect(limited.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
    expect(await store!.count()).toBe(2);
    now += 4_000;
    expect((await post(endpoint, batch(response()))).headers.get('retry-after')).toBe('6');
    now += 6_000;
    expect((await post(endpoint, batch(response()))).status).toBe(200);
    expect(await store!.count()).toBe(3);
  });

  it('counts each client IP separately when behind a trusted proxy', async () => {
    const endpoint = await listen({ rateLimit: { perMinute: 1, burst: 1 }, trustProxy: true });
    expect((await post(endpoint, batch(response()), { 'X-Forwarded-For': '203.0.113.1' })).status).toBe(200);
    expect((await post(endpoint, batch(response()), { 'X-Forwarded-For': '203.0.113.1' })).status).toBe(429);
    expect((await post(endpoint, batch(response()), { 'X-Forwarded-For': '203.0.113.2, 10.0.0.1' })).status).toBe(200);
  });

  it('limits by default, far above what one browser sends', async () => {
    // A stopped clock, so no token refills while the 101 requests are made.
    const endpoint = await listen({ now: () => 5_000 });
    const statuses = [];
    for (let i = 0; i < 101; i++) statuses.push((await post(endpoint, '{}')).status);
    expect(statuses.slice(0, 100).every((status) => status === 400)).toBe(true);
    expect(statuses[100]).toBe(429);
  });
});
