import { IDBFactory } from 'fake-indexeddb';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createClient, openIdbStorage, type Batch, type ClientEnvironment, type HarkConfigInput, type PageEnvironment } from '@hark/core';

export const ENDPOINT = 'https://collector.test/v1/records';

/** A clock the test moves by hand; timers fire only in `advance`. */
export function manualClock(start = Date.parse('2026-11-24T12:00:00.000Z')) {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn: () => void, ms: number) {
      timers.set(++nextId, { at: now + ms, fn });
      return nextId;
    },
    clearTimeout(handle: unknown) {
      timers.delete(handle as number);
    },
    /** Moves time forward, firing due timers in order. */
    async advance(ms: number) {
      const target = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await settle();
      }
      now = target;
      await settle();
    },
    pendingTimers: () => timers.size,
  };
}

/** Lets IndexedDB transactions and fetches in flight finish. */
export async function settle(rounds = 20) {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** A page that the test controls: online state and hide events. */
export function fakePage(url = 'https://app.example/checkout') {
  let online = true;
  const onlineFns = new Set<() => void>();
  const hideFns = new Set<() => void>();
  const page: PageEnvironment = {
    url: () => url,
    language: () => 'en-US',
    isOnline: () => online,
    onOnline: (fn) => (onlineFns.add(fn), () => onlineFns.delete(fn)),
    onHide: (fn) => (hideFns.add(fn), () => hideFns.delete(fn)),
  };
  return {
    page,
    setOnline(value: boolean) {
      online = value;
      if (value) for (const fn of onlineFns) fn();
    },
    hide: () => hideFns.forEach((fn) => fn()),
    listeners: () => onlineFns.size + hideFns.size,
  };
}

export const npsSurvey = {
  id: 'nps-q4',
  kind: 'nps',
  question: 'How likely are you to recommend Acme?',
  triggers: [{ on: 'event', event: 'checkout_completed' }],
} as const;

/** An msw server that records every batch and answers with whatever `respond` says. */
export function collectorMock() {
  const batches: Array<{ body: Batch; headers: Headers }> = [];
  let respond: (body: Batch) => Response | Promise<Response> = () => HttpResponse.json({ ok: true });
  const server = setupServer(
    http.post(ENDPOINT, async ({ request }) => {
      const body = (await request.json()) as Batch;
      batches.push({ body, headers: request.headers });
      return respond(body);
    }),
  );
  return {
    server,
    batches,
    records: () => batches.flatMap((b) => b.body.records),
    respondWith(fn: typeof respond) {
      respond = fn;
    },
  };
}

/** `collectorMock()` for one test file: listening for the file, emptied and answering 200 again after each test. */
export function useCollectorMock() {
  const mock = collectorMock();
  beforeAll(() => mock.server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    mock.server.resetHandlers();
    mock.batches.length = 0;
    mock.respondWith(() => HttpResponse.json({ ok: true }));
  });
  afterAll(() => mock.server.close());
  return mock;
}

/** A client over a fresh fake IndexedDB, a manual clock and a fake page. */
export function testClient(config: Partial<HarkConfigInput> = {}, env: Partial<ClientEnvironment> = {}) {
  const factory = new IDBFactory();
  const clock = manualClock();
  const page = fakePage();
  const client = createClient(
    { endpoint: ENDPOINT, surveys: [npsSurvey], ...config },
    { clock, page: page.page, random: () => 0.5, openStorage: () => openIdbStorage({ factory }), ...env },
  );
  /** Reads what is queued straight from IndexedDB, as a second tab would. */
  async function stored() {
    const storage = await openIdbStorage({ factory });
    return {
      outbox: await storage.outbox.entries<{ record: { id: string; type: string }; attempts: number; nextAttemptAt: number }>(),
      dead: await storage.dead.entries<{ reason: string }>(),
    };
  }
  return { client, clock, page, factory, stored };
}
