import { IDBFactory } from 'fake-indexeddb';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createClient, type HarkConfigInput } from '@hark/core';
import type { Batch } from '@hark/core/schema';
import { fakePlatform, type HarkEnvironment } from '@hark/core/testing';
import { openIdbStorage } from '../src/storage/idbStorage';

export const ENDPOINT = 'https://collector.test/v1/records';

export { fakePlatform, manualClock, settle } from '@hark/core/testing';

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

/** A client over a fresh fake IndexedDB and a fake page with a manual clock. */
export function testClient(config: Partial<HarkConfigInput> = {}, env: Partial<HarkEnvironment> = {}) {
  const factory = new IDBFactory();
  const page = fakePlatform({ url: 'https://app.example/checkout' });
  const { clock } = page;
  const client = createClient(
    { endpoint: ENDPOINT, surveys: [npsSurvey], ...config },
    { platform: page.platform, random: () => 0.5, openStorage: () => openIdbStorage({ factory }), ...env },
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
