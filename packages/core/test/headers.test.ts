import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { HarkError, type HarkError as HarkErrorType } from '@hark/core';
import { parseConfig } from '@hark/core/schema';
import { useCollectorMock, ENDPOINT, settle, testClient } from './helpers';

// `config.headers` as a function: called before every send, so a rotated token is used without a reload.

const mock = useCollectorMock();

const FIVE_MINUTES = 5 * 60_000;

/** A client whose headers come from `token()`, with every reported error collected. */
async function clientWith(headers: () => unknown) {
  const test = testClient({ headers: headers as () => Record<string, string> });
  const errors: HarkErrorType[] = [];
  test.client.on('error', (error) => errors.push(error));
  await test.client.ready;
  const answer = async (score: number) => {
    test.client.show('nps-q4');
    await test.client.submit({ score });
    test.client.dismiss();
  };
  return { ...test, errors, answer };
}

const tokens = () => mock.batches.map((batch) => batch.headers.get('Authorization'));

async function until(ok: () => boolean) {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('config.headers as a function', () => {
  it('is called before every send: a rotated token goes out with the next batch', async () => {
    let token = 't1';
    const { client, answer } = await clientWith(() => ({ Authorization: `Bearer ${token}` }));
    await answer(9);
    await client.flush();
    token = 't2';
    await answer(3);
    await client.flush();
    expect(tokens()).toEqual(['Bearer t1', 'Bearer t2']);
    expect(mock.records().filter((record) => record.type === 'response').map((record) => record.score)).toEqual([9, 3]);
    expect(mock.batches[0]!.headers.get('Content-Type')).toBe('application/json');
    client.destroy();
  });

  it('may return a promise (a token fetched on demand)', async () => {
    const { client, answer, stored } = await clientWith(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { Authorization: 'Bearer async' };
    });
    await answer(7);
    expect(await client.flush()).toMatchObject({ status: 'empty' });
    expect(tokens()).toEqual(['Bearer async']);
    expect((await stored()).outbox).toEqual([]);
    client.destroy();
  });

  it('after a 401 pause, the probe asks the function again and delivers everything with the new token', async () => {
    let token = 'expired';
    mock.respondWith(() => (tokens().at(-1) === 'Bearer fresh' ? HttpResponse.json({ ok: true }) : new HttpResponse(null, { status: 401 })));
    const { client, clock, answer, stored, errors } = await clientWith(() => ({ Authorization: `Bearer ${token}` }));
    await answer(10);
    expect(await client.flush()).toMatchObject({ status: 'paused' });
    // flush() asked again, so the pause was reported again: each time for the same reason.
    expect(new Set(errors.map((error) => `${error.code} ${error.field}`))).toEqual(new Set(['delivery_paused headers']));
    expect((await stored()).outbox).toHaveLength(2);

    token = 'fresh';
    await clock.advance(FIVE_MINUTES);
    await settle();
    expect((await stored()).outbox).toEqual([]);
    expect(tokens().at(-1)).toBe('Bearer fresh');
    expect(mock.records().some((record) => record.type === 'response' && record.score === 10)).toBe(true);
    client.destroy();
  });

  it('flush() after the credentials are fixed ends the pause at once, without waiting for the probe', async () => {
    let token = 'expired';
    mock.respondWith(() => (tokens().at(-1) === 'Bearer fresh' ? HttpResponse.json({ ok: true }) : new HttpResponse(null, { status: 403 })));
    const { client, answer, stored } = await clientWith(() => ({ Authorization: `Bearer ${token}` }));
    await answer(8);
    expect(await client.flush()).toMatchObject({ status: 'paused' });
    expect(await client.getDeliveryState()).toMatchObject({ paused: true, pending: 2 });
    token = 'fresh';
    expect(await client.flush()).toMatchObject({ status: 'empty' });
    expect((await stored()).outbox).toEqual([]);
    // The new credentials may be wrong too: one record goes first, as a probe, then the rest.
    const fresh = mock.batches.filter((batch) => batch.headers.get('Authorization') === 'Bearer fresh');
    expect(fresh.map((batch) => batch.body.records.length)).toEqual([1, 1]);
    expect(await client.getDeliveryState()).toMatchObject({ paused: false, pending: 0 });
    client.destroy();
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('no session yet');
      },
      'config.headers failed: no session yet',
    ],
    ['returns no object', () => 'Bearer x', 'config.headers failed: it gave Bearer x, not a plain object of strings'],
    ['returns a Headers object', () => new Headers({ Authorization: 'x' }), 'config.headers failed: it gave [object Headers], not a plain object of strings'],
    ['returns a non-string header', () => ({ Authorization: 42 }), 'config.headers failed: header "Authorization" is number, not a string'],
    ['rejects', () => Promise.reject(new Error('refresh failed')), 'config.headers failed: refresh failed'],
  ])('that %s keeps every record, sends nothing, reports invalid_config naming headers, and pauses like a 401', async (_, failing, message) => {
    let headers: () => unknown = failing;
    const { client, clock, answer, stored, errors } = await clientWith(() => headers());
    await answer(4);
    await settle();
    expect(await client.getDeliveryState()).toMatchObject({ paused: true, pending: 2 });
    expect(mock.batches).toEqual([]);
    expect((await stored()).outbox).toHaveLength(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(HarkError);
    expect(errors[0]).toMatchObject({ code: 'invalid_config', field: 'headers' });
    expect(errors[0]!.message).toBe(`[hark] ${message}; every record is kept and delivery is paused`);

    headers = () => ({ Authorization: 'Bearer ok' });
    await clock.advance(FIVE_MINUTES);
    await settle();
    expect((await stored()).outbox).toEqual([]);
    // A probe with the head record, then the rest.
    expect(new Set(tokens())).toEqual(new Set(['Bearer ok']));
    client.destroy();
  });

  it('a promise that never settles times out like a request, and the queue goes on', async () => {
    let headers: () => unknown = () => new Promise(() => undefined);
    const { client, clock, answer, stored, errors } = await clientWith(() => headers());
    await answer(5);
    // The send after the answer waits on the headers; flush() waits for it, then (it ended in a pause) asks once more.
    const flushed = client.flush();
    await settle();
    await clock.advance(15_000);
    await clock.advance(15_000);
    expect(await flushed).toMatchObject({ status: 'paused' });
    expect(errors.map((error) => [error.code, error.field, error.message])).toContainEqual([
      'invalid_config',
      'headers',
      '[hark] config.headers failed: no headers within 15000 ms; every record is kept and delivery is paused',
    ]);
    expect(mock.batches).toEqual([]);
    headers = () => ({ Authorization: 'Bearer late' });
    await clock.advance(FIVE_MINUTES);
    await settle();
    expect((await stored()).outbox).toEqual([]);
    client.destroy();
  });

  it('failing headers are not attempts: records that never left are not expired into the dead-letter store', async () => {
    const test = testClient({
      headers: () => {
        throw new Error('signed out');
      },
      delivery: { expiryDays: 0.001 },
    });
    await test.client.ready;
    test.client.show('nps-q4');
    await test.client.submit({ score: 2 });
    await test.client.flush();
    // Well past the 86 s expiry, through many failed tries.
    for (let i = 0; i < 8; i++) await test.clock.advance(FIVE_MINUTES);
    const { outbox, dead } = await test.stored();
    expect(dead).toEqual([]);
    expect(outbox).toHaveLength(2);
    expect(outbox.every(([, entry]) => entry.attempts === 0)).toBe(true);
    test.client.destroy();
  });

  it('flush() while a stale-token send is on the wire tries the new token once that send is answered', async () => {
    let token = 'expired';
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    mock.respondWith(async () => {
      if (tokens().at(-1) === 'Bearer fresh') return HttpResponse.json({ ok: true });
      await held;
      return new HttpResponse(null, { status: 401 });
    });
    const { client, answer, stored } = await clientWith(() => ({ Authorization: `Bearer ${token}` }));
    await answer(7);
    await until(() => mock.batches.length > 0);
    token = 'fresh';
    const flushed = client.flush();
    release();
    expect(await flushed).toMatchObject({ status: 'empty' });
    expect((await stored()).outbox).toEqual([]);
    expect(tokens()).toContain('Bearer fresh');
    client.destroy();
  });

  it('a synchronous function lets the page-hide send start at once, with keepalive', async () => {
    const calls: Array<{ keepalive: boolean | undefined; token: string | null }> = [];
    const recordingFetch: typeof fetch = (input, init) => {
      calls.push({ keepalive: init?.keepalive, token: new Headers(init?.headers).get('Authorization') });
      return Promise.resolve(new Response(null, { status: 503 }));
    };
    const test = testClient({ headers: () => ({ Authorization: 'Bearer hide' }) }, { fetch: recordingFetch });
    await test.client.ready;
    test.client.show('nps-q4');
    await test.client.submit({ score: 8 });
    await test.client.flush();
    calls.length = 0;
    test.page.hide();
    // Microtasks only: a closing page runs no more timers or IndexedDB callbacks.
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(calls).toEqual([{ keepalive: true, token: 'Bearer hide' }]);
    test.client.destroy();
  });
});

describe('config.headers is checked at init', () => {
  it.each([
    ['a string', 'Bearer x'],
    ['a number header', { Authorization: 42 }],
    ['an array', [['Authorization', 'x']]],
  ])('rejects %s with invalid_config naming headers', (_, headers) => {
    let error: unknown;
    try {
      parseConfig({ endpoint: ENDPOINT, headers });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HarkError);
    expect(error).toMatchObject({ code: 'invalid_config' });
    expect((error as HarkError).field).toMatch(/^headers/);
    expect((error as HarkError).message).toContain('headers');
  });

  it('accepts fixed headers and a function', () => {
    expect(parseConfig({ endpoint: ENDPOINT, headers: { 'X-Api-Key': 'k' } }).headers).toEqual({ 'X-Api-Key': 'k' });
    const headers = () => ({ 'X-Api-Key': 'k' });
    expect(parseConfig({ endpoint: ENDPOINT, headers }).headers).toBe(headers);
  });
});
