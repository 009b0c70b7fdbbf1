import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { HarkError, type HarkError as HarkErrorType } from '@hark/core';
import { openIdbStorage } from '../src/storage/idbStorage';
import { IDBFactory } from 'fake-indexeddb';
import { useCollectorMock, settle, testClient } from './helpers';

const mock = useCollectorMock();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('one NPS answer, from track() to the endpoint', () => {
  it('shows the survey whose event trigger fires, and no other', async () => {
    const { client } = testClient({
      surveys: [
        { id: 'other', kind: 'csat', triggers: [{ on: 'event', event: 'export_done' }] },
        { id: 'nps-q4', kind: 'nps', triggers: [{ on: 'event', event: 'checkout_completed' }] },
      ],
    });
    await client.ready;
    client.track('page_loaded');
    expect(client.getState().activePrompt).toBeNull();
    client.track('checkout_completed', { plan: 'pro' });
    const prompt = client.getState().activePrompt;
    expect(prompt?.survey.id).toBe('nps-q4');
    expect(prompt?.scale).toEqual({ min: 0, max: 10 });
    expect(prompt?.question).toBe('How likely are you to recommend us to a friend or colleague?');
    client.destroy();
  });

  it('a headless UI may answer from its subscriber, as soon as it hears of the prompt', async () => {
    const { client, stored } = testClient({});
    await client.ready;
    const answers: Array<Promise<void>> = [];
    client.subscribe(() => {
      const prompt = client.getState().activePrompt;
      if (prompt?.phase !== 'asking' || answers.length > 0) return;
      client.displayed(prompt.id);
      answers.push(client.submit({ score: 9 }));
    });
    client.track('checkout_completed');
    expect(answers).toHaveLength(1);
    await answers[0];
    const { outbox } = await stored();
    expect(outbox.map(([, entry]) => entry.record.type).sort()).toEqual(['response', 'shown']);
    client.destroy();
  });

  it('matches `where` on event properties', async () => {
    const { client } = testClient({
      surveys: [{ id: 'pro', kind: 'nps', triggers: [{ on: 'event', event: 'checkout_completed', where: { plan: 'pro' } }] }],
    });
    await client.ready;
    client.track('checkout_completed', { plan: 'free' });
    expect(client.getState().activePrompt).toBeNull();
    client.track('checkout_completed', { plan: 'pro' });
    expect(client.getState().activePrompt?.survey.id).toBe('pro');
    client.destroy();
  });

  it('stores the answer in IndexedDB before submit resolves, then delivers it in the wire format', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    mock.respondWith(async () => {
      await gate;
      return HttpResponse.json({ ok: true });
    });
    const { client, stored } = testClient({ user: { id: 'u_1', attributes: { plan: 'pro' } }, headers: { 'X-Api-Key': 'k1' } });
    await client.ready;
    client.track('checkout_completed');
    await client.submit({ score: 9, comment: '  fast!  ' });
    expect(client.getState().activePrompt?.phase).toBe('thanks');

    // The server has not answered yet: the answer must be on disk.
    const before = await stored();
    const response = before.outbox.find(([, entry]) => entry.record.type === 'response');
    expect(response).toBeDefined();

    release();
    await client.flush();
    await settle();
    const records = mock.records();
    const answer = records.find((r) => r.type === 'response');
    expect(answer).toMatchObject({
      type: 'response',
      surveyId: 'nps-q4',
      kind: 'nps',
      score: 9,
      scale: { min: 0, max: 10 },
      category: 'promoter',
      question: 'How likely are you to recommend Acme?',
      comment: 'fast!',
      userId: 'u_1',
      attributes: { plan: 'pro' },
      trigger: { event: 'checkout_completed' },
      context: { url: 'https://app.example/checkout', locale: 'en-US' },
    });
    expect(answer?.id).toMatch(UUID);
    expect(records.map((r) => r.type).sort()).toEqual(['response', 'shown']);
    const batch = mock.batches.at(-1)!;
    expect(batch.body.sdk).toEqual({ name: 'hark', version: expect.any(String) });
    expect(batch.headers.get('Idempotency-Key')).toMatch(/^hark-[0-9a-f]{16}-\d+$/);
    expect(batch.headers.get('X-Api-Key')).toBe('k1');
    expect(batch.headers.get('Content-Type')).toBe('application/json');
    expect((await stored()).outbox).toEqual([]);
    client.destroy();
  });

  it('keeps records on a 500 and retries them later with the same ids', async () => {
    mock.respondWith(() => new HttpResponse('oops', { status: 500 }));
    const { client, clock, stored } = testClient();
    await client.ready;
    client.track('checkout_completed');
    await client.submit({ score: 3 });
    const result = await client.flush();
    expect(result.status).toBe('scheduled');
    const queued = (await stored()).outbox;
    expect(queued.length).toBe(2);
    const firstIds = mock.records().map((r) => r.id);

    mock.respondWith(() => HttpResponse.json({ ok: true }));
    await clock.advance(10 * 60_000);
    await settle();
    expect((await stored()).outbox).toEqual([]);
    const delivered = mock.batches.at(-1)!.body.records.map((r) => r.id);
    expect(firstIds).toEqual(expect.arrayContaining(delivered));
    client.destroy();
  });

  it('moves records the server rejects with 400 to the dead-letter store and reports them', async () => {
    mock.respondWith(() => HttpResponse.json({ error: 'bad' }, { status: 400 }));
    const { client, stored } = testClient();
    const errors: HarkErrorType[] = [];
    client.on('error', (error) => errors.push(error));
    await client.ready;
    client.track('checkout_completed');
    await client.submit({ score: 5 });
    await client.flush();
    const { outbox, dead } = await stored();
    expect(outbox).toEqual([]);
    expect(dead.length).toBe(2);
    expect(dead[0]![1].reason).toBe('HTTP 400');
    expect(errors.some((e) => e.code === 'delivery_rejected')).toBe(true);
    client.destroy();
  });

  it('pauses on 401 and keeps every record', async () => {
    mock.respondWith(() => new HttpResponse(null, { status: 401 }));
    const { client, stored } = testClient();
    const errors: HarkErrorType[] = [];
    client.on('error', (error) => errors.push(error));
    await client.ready;
    client.track('checkout_completed');
    await client.submit({ score: 10 });
    expect(await client.flush()).toMatchObject({ status: 'paused' });
    expect((await stored()).outbox.length).toBe(2);
    expect(errors.find((e) => e.code === 'delivery_paused')?.field).toBe('headers');
    client.destroy();
  });

  it('says thank you only once the answer is durably stored, never before', async () => {
    const factory = new IDBFactory();
    let gate: Promise<void> | null = null;
    const { client } = testClient(
      {},
      {
        openStorage: async () => {
          const storage = await openIdbStorage({ factory });
          // Commits that resolve late, as on a slow disk: the write is done only when the gate opens.
          const commit = storage.transaction.bind(storage);
          return Object.assign(storage, {
            transaction: (mode: 'readonly' | 'readwrite', fn: Parameters<typeof commit>[1]) =>
              commit(mode, fn).then(async (value) => {
                if (mode === 'readwrite' && gate) await gate;
                return value;
              }),
          });
        },
      },
    );
    const heard: string[] = [];
    client.on('answered', () => heard.push('answered'));
    await client.ready;
    client.track('checkout_completed');
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const submitted = client.submit({ score: 9 });
    await settle();
    expect(client.getState().activePrompt?.phase).toBe('saving');
    expect(heard).toEqual([]);
    open();
    await submitted;
    expect(client.getState().activePrompt?.phase).toBe('thanks');
    expect(heard).toEqual(['answered']);
    await client.flush();
    expect(mock.records().filter((record) => record.type === 'response').map((record) => record.score)).toEqual([9]);
    client.destroy();
  });

  it('records a dismissal, and a double submit stores one answer', async () => {
    const { client } = testClient();
    await client.ready;
    client.track('checkout_completed');
    client.dismiss();
    expect(client.getState().activePrompt).toBeNull();
    client.show('nps-q4');
    const first = client.submit({ score: 7 });
    const second = client.submit({ score: 7 });
    await Promise.all([first, second]);
    await client.flush();
    const types = mock.records().map((r) => r.type);
    expect(types.filter((t) => t === 'response')).toHaveLength(1);
    expect(types).toContain('dismissed');
    client.destroy();
  });

  it('rejects an out-of-range score with a typed error and keeps the prompt', async () => {
    const { client } = testClient();
    await client.ready;
    client.track('checkout_completed');
    await expect(client.submit({ score: 11 })).rejects.toMatchObject({ code: 'invalid_answer', field: 'score' });
    await expect(client.submit({ score: 2.5 })).rejects.toBeInstanceOf(HarkError);
    expect(client.getState().activePrompt?.phase).toBe('asking');
    client.destroy();
  });

  it('never throws into the host page from track, show or identify', async () => {
    const { client } = testClient();
    await client.ready;
    const errors: string[] = [];
    client.on('error', (error) => errors.push(error.code));
    expect(() => client.track(42 as unknown as string)).not.toThrow();
    expect(() => client.show('nope')).not.toThrow();
    expect(() => client.identify('' as string)).not.toThrow();
    expect(errors).toEqual(['invalid_argument', 'unknown_survey', 'invalid_argument']);
    client.destroy();
    expect(() => client.track('checkout_completed')).not.toThrow();
  });

  it('falls back to memory, and says so, when IndexedDB cannot open', async () => {
    const { client } = testClient({}, { openStorage: () => Promise.reject(new Error('SecurityError')) });
    const errors: string[] = [];
    client.on('error', (error) => errors.push(error.code));
    await client.ready;
    expect(client.getState().storage).toBe('memory');
    expect(errors).toContain('storage_unavailable');
    client.track('checkout_completed');
    await client.submit({ score: 8 });
    await client.flush();
    expect(mock.records().some((r) => r.type === 'response' && r.score === 8)).toBe(true);
    client.destroy();
  });

  it('sends on page hide with keepalive, ignoring backoff, and deletes only after a 2xx', async () => {
    const { client, page, stored } = testClient();
    await client.ready;
    mock.respondWith(() => new HttpResponse(null, { status: 503 }));
    client.track('checkout_completed');
    await client.submit({ score: 6 });
    await client.flush();
    expect((await stored()).outbox.length).toBe(2);

    // Still failing: the hide-time send keeps everything.
    page.hide();
    await settle();
    expect((await stored()).outbox.length).toBe(2);

    mock.respondWith(() => HttpResponse.json({ ok: true }));
    page.hide();
    await settle();
    expect((await stored()).outbox).toEqual([]);
    client.destroy();
    expect(page.listeners()).toBe(0);
  });
});
