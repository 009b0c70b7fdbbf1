import { describe, expect, it } from 'vitest';
import { BatchSchema } from '@hark/core/schema';
import { engineClient, onScreen } from './engineClient';
import { settle, testClient } from './helpers';

// Every request Hark makes has a timeout: `surveysUrl` (the config's surveys must not wait on a
// server that never answers) and each send, whose timeout grows after a timeout, so a server
// slower than the first one still gets an answer through.

const SURVEYS_URL = 'https://cdn.example/hark/surveys.json';
const local = { id: 'local', kind: 'csat', triggers: [{ on: 'event', event: 'go' }] };

/** A fetch for which `surveysUrl` never answers (until aborted) and the endpoint answers 200. */
function silentSurveysUrl() {
  let aborted = 0;
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input) !== SURVEYS_URL) return Promise.resolve(new Response(null, { status: 200 }));
    return new Promise<Response>((_, reject) =>
      init?.signal?.addEventListener('abort', () => {
        aborted += 1;
        reject(new DOMException('aborted', 'AbortError'));
      }),
    );
  }) as typeof globalThis.fetch;
  return { fetch, aborted: () => aborted };
}

describe('surveysUrl that never answers', () => {
  it('holds the config surveys for delivery.surveysTimeoutMs (default 5 s), then starts without it and reports why', async () => {
    const server = silentSurveysUrl();
    const { client, clock, errors } = engineClient({ surveys: [local], surveysUrl: SURVEYS_URL }, { fetch: server.fetch });
    client.track('go');
    await client.ready;
    await settle();
    expect(onScreen(client)).toBeNull();
    await clock.advance(4999);
    expect(onScreen(client)).toBeNull();
    await clock.advance(1);
    await settle();
    // The track() made while waiting is replayed once the engine starts.
    expect(onScreen(client)).toBe('local');
    expect(server.aborted()).toBe(1);
    const error = errors.find((e) => e.code === 'surveys_unavailable');
    expect(error?.field).toBe('surveysUrl');
    expect(error?.message).toContain(`surveysUrl ${SURVEYS_URL} could not be loaded (no answer within 5000 ms, delivery.surveysTimeoutMs)`);
    client.destroy();
  });

  it('takes its timeout from delivery.surveysTimeoutMs', async () => {
    const server = silentSurveysUrl();
    const { client, clock, errors } = engineClient({ surveys: [local], surveysUrl: SURVEYS_URL, delivery: { surveysTimeoutMs: 800 } }, { fetch: server.fetch });
    await client.ready;
    await settle();
    await clock.advance(800);
    await settle();
    client.track('go');
    expect(onScreen(client)).toBe('local');
    expect(errors.map((e) => e.message).join()).toContain('no answer within 800 ms');
    client.destroy();
  });
});

/**
 * An endpoint that takes `latencyMs` (on the test's clock) to answer each request. It
 * stores each batch as it arrives, as a real one would before its slow work, so a
 * request the client gave up on still counts.
 */
function slowEndpoint(clock: { setTimeout(fn: () => void, ms: number): unknown }, latencyMs: number) {
  const arrivals: string[][] = [];
  const fetch = ((_input: RequestInfo | URL, init?: RequestInit) => {
    arrivals.push(BatchSchema.parse(JSON.parse(String(init?.body))).records.map((record) => record.id));
    return new Promise<Response>((resolve) => clock.setTimeout(() => resolve(new Response(null, { status: 200 })), latencyMs));
  }) as typeof globalThis.fetch;
  return { fetch, arrivals };
}

/** A client whose endpoint answers after `latencyMs`; `fetch` is wired once the clock exists. */
async function slowClient(latencyMs: number, delivery: Record<string, number> = {}) {
  let endpoint: ReturnType<typeof slowEndpoint> | undefined;
  const test = testClient({ delivery: { backoffBaseMs: 1000, backoffCapMs: 4000, ...delivery } }, { fetch: (input, init) => endpoint!.fetch(input, init) });
  endpoint = slowEndpoint(test.clock, latencyMs);
  const errors: Array<{ code: string; field: string | undefined; message: string; details: unknown }> = [];
  test.client.on('error', (error) => errors.push(error));
  await test.client.ready;
  test.client.show('nps-q4');
  await test.client.submit({ score: 6 });
  test.client.dismiss();
  return { ...test, endpoint, errors };
}

describe('a server slower than the send timeout', () => {
  it('gets the answer through: each timeout doubles the wait (reported as slow_endpoint) until the server answers in time', { timeout: 30_000 }, async () => {
    const { client, clock, stored, endpoint, errors } = await slowClient(40_000);
    await settle();
    // Sent 15 s, timed out; 30 s, timed out; then 60 s, in which the 40 s answer arrives.
    for (let i = 0; i < 40 && (await stored()).outbox.length > 0; i++) await clock.advance(5000);
    expect((await stored()).outbox).toEqual([]);
    const slow = errors.filter((e) => e.code === 'slow_endpoint');
    expect(slow.map((e) => e.details)).toEqual([
      { timeoutMs: 15_000, nextTimeoutMs: 30_000 },
      { timeoutMs: 30_000, nextTimeoutMs: 60_000 },
    ]);
    expect(slow[0]!.message).toBe('[hark] the endpoint did not answer within 15000 ms; the records are kept and sent again, waiting up to 30000 ms');
    expect(slow[0]!.field).toBe('delivery.timeoutMs');
    // The timed-out sends reached the server too (it may keep each one): those are the only repeats.
    expect(endpoint.arrivals.length).toBe(4);
    client.destroy();
  });

  it('stops growing at delivery.timeoutCapMs, keeps the records and says so', { timeout: 30_000 }, async () => {
    const { client, clock, stored, endpoint, errors } = await slowClient(100_000, { timeoutMs: 1000, timeoutCapMs: 4000 });
    for (let i = 0; i < 30; i++) await clock.advance(1000);
    expect((await stored()).outbox).toHaveLength(2);
    const waits = errors.filter((e) => e.code === 'slow_endpoint').map((e) => (e.details as { timeoutMs: number }).timeoutMs);
    expect(waits.slice(0, 4)).toEqual([1000, 2000, 4000, 4000]);
    expect(errors.find((e) => e.code === 'slow_endpoint' && (e.details as { timeoutMs: number }).timeoutMs === 4000)?.message).toContain(
      'did not answer within 4000 ms; the records are kept and sent again, waiting up to 4000 ms (delivery.timeoutCapMs)',
    );
    expect(endpoint.arrivals.length).toBeGreaterThanOrEqual(4);
    client.destroy();
  });

  it('leases its records for as much longer as its timeout grew, so no other tab sends them meanwhile', { timeout: 30_000 }, async () => {
    const { client, clock, stored } = await slowClient(100_000, { timeoutMs: 1000, timeoutCapMs: 8000, leaseMs: 3000 });
    // Timeouts of 1, 2 and 4 s; the next sends wait 8 s.
    let longest = 0;
    for (let i = 0; i < 60; i++) {
      await clock.advance(500);
      for (const [, entry] of (await stored()).outbox) longest = Math.max(longest, (entry as unknown as { leaseUntil: number }).leaseUntil - clock.now());
    }
    // 3 s + (8 s − 1 s) of growth, less the time since the claim.
    expect(longest).toBeGreaterThan(9000);
    expect(longest).toBeLessThanOrEqual(10_000);
    client.destroy();
  });
});
