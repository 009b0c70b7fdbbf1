import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCollector, openSqlite, type CollectorOptions, type RecordsStore } from '@hark/collector';
import { batch, post, response } from './support/records';

// The public door: who may post records, how often, and from which address.

let server: Server | null = null;
let store: RecordsStore | null = null;
afterEach(async () => {
  vi.useRealTimers();
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

describe('ingest key', () => {
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

  it('reads the key from the configured header, and lets browsers of allowed origins send it', async () => {
    const endpoint = await listen({ apiKey: 'k', apiKeyHeader: 'X-Hark-Key', rateLimit: false, allowedOrigins: ['http://app.test'] });
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

describe('CORS on ingest', () => {
  it('answers browsers of the configured origins only, also when it refuses their batch', async () => {
    const endpoint = await listen({ rateLimit: false, allowedOrigins: ['http://app.test'] });
    const preflight = await fetch(endpoint, { method: 'OPTIONS', headers: { Origin: 'http://app.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,idempotency-key' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/i);
    const allowed = await post(endpoint, batch(response()), { Origin: 'http://app.test' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
    // A 400 the page cannot read would look like a network error to the SDK, which would retry it forever.
    const refused = await post(endpoint, batch({ ...response(), score: 42 }), { Origin: 'http://app.test' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('access-control-allow-origin')).toBe('http://app.test');
    const other = await fetch(endpoint, { method: 'OPTIONS', headers: { Origin: 'http://evil.test', 'Access-Control-Request-Method': 'POST' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await post(endpoint, batch(response()), { Origin: 'http://evil.test' })).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows no origin by default, and any with "*"', async () => {
    const closed = await listen({ rateLimit: false });
    expect((await post(closed, batch(response()), { Origin: 'http://app.test' })).headers.get('access-control-allow-origin')).toBeNull();
    server!.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    await store!.close();
    const open = await listen({ rateLimit: false, allowedOrigins: ['*'] });
    expect((await post(open, batch(response()), { Origin: 'http://any.test' })).headers.get('access-control-allow-origin')).toBe('http://any.test');
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a client spends its budget, and recovers when the window ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    const endpoint = await listen({ rateLimit: { limit: 2, windowMs: 60_000 }, allowedOrigins: ['http://app.test'] });
    expect((await post(endpoint, batch(response()))).status).toBe(200);
    expect((await post(endpoint, batch(response()))).status).toBe(200);
    const limited = await post(endpoint, batch(response()), { Origin: 'http://app.test' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toMatchObject({ ok: false, retryAfterSeconds: 60 });
    expect(limited.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
    expect(await store!.count()).toBe(2);
    vi.setSystemTime(1_000_000 + 45_000);
    expect((await post(endpoint, batch(response()))).headers.get('retry-after')).toBe('15');
    vi.setSystemTime(1_000_000 + 61_000);
    expect((await post(endpoint, batch(response()))).status).toBe(200);
    expect(await store!.count()).toBe(3);
  });

  it('ignores X-Forwarded-For unless a proxy is trusted, so a client cannot pick its own bucket', async () => {
    const endpoint = await listen({ rateLimit: { limit: 1 } });
    expect((await post(endpoint, batch(response()), { 'X-Forwarded-For': '203.0.113.1' })).status).toBe(200);
    expect((await post(endpoint, batch(response()), { 'X-Forwarded-For': '203.0.113.2' })).status).toBe(429);
  });

  it('behind a trusted proxy, counts each client separately by the address the proxy appended', async () => {
    const endpoint = await listen({ rateLimit: { limit: 1 }, trustProxy: 1 });
    expect((await post(endpoint, batch(response()), { 'X-Forwarded-For': '203.0.113.1' })).status).toBe(200);
    expect((await post(endpoint, batch(response()), { 'X-Forwarded-For': '203.0.113.1' })).status).toBe(429);
    // What the client wrote itself (left of the proxy's entry) changes nothing.
    expect((await post(endpoint, batch(response()), { 'X-Forwarded-For': '198.51.100.7, 203.0.113.1' })).status).toBe(429);
    expect((await post(endpoint, batch(response()), { 'X-Forwarded-For': '203.0.113.2' })).status).toBe(200);
    // One IPv6 /64 is one client.
    expect((await post(endpoint, batch(response()), { 'X-Forwarded-For': '2001:db8:1:2::1' })).status).toBe(200);
    expect((await post(endpoint, batch(response()), { 'X-Forwarded-For': '2001:db8:1:2:ffff::9' })).status).toBe(429);
  });

  it('with two proxies, reads the address the outer one appended', async () => {
    const endpoint = await listen({ rateLimit: { limit: 1 }, trustProxy: 2 });
    expect((await post(endpoint, batch(response()), { 'X-Forwarded-For': '203.0.113.1, 10.0.0.2' })).status).toBe(200);
    expect((await post(endpoint, batch(response()), { 'X-Forwarded-For': 'spoofed, 203.0.113.1, 10.0.0.3' })).status).toBe(429);
    expect((await post(endpoint, batch(response()), { 'X-Forwarded-For': '203.0.113.9, 10.0.0.2' })).status).toBe(200);
  });

  it('limits by default, far above what one browser sends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(5_000);
    const endpoint = await listen({});
    const statuses = [];
    for (let i = 0; i < 601; i++) statuses.push((await post(endpoint, '{}')).status);
    expect(statuses.slice(0, 600).every((status) => status === 400)).toBe(true);
    expect(statuses[600]).toBe(429);
  });
});
