import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchSchema, parseConfig } from '@hark/core/schema';
import { matchUrl } from '../src/triggers/matchUrl';
import { createLocalStorageStorage } from '../src/storage/localStorageStorage';
import { toJson } from '../src/toJson';
import { fakeLocalStorage } from '../../../tests/delivery/fakeLocalStorage';
import { npsSurvey, testClient } from './helpers';

// Pages patch the globals Hark relies on: Prototype.js puts toJSON on Array.prototype (so the
// native JSON.stringify writes every array as a string), json2/json3-style code replaces
// JSON.stringify, old libraries add enumerable methods to Object.prototype. None of it may
// change what Hark sends or whether it starts.

type Patchable = { toJSON?: unknown; toJSONString?: unknown; extend?: unknown };
const nativeStringify = JSON.stringify;
const undo: Array<() => void> = [];

/** Sets `key` on `target` (enumerable, as a plain assignment would) until the test ends. */
function patch(target: object, key: string, value: unknown) {
  const before = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  undo.push(() => (before ? Object.defineProperty(target, key, before) : delete (target as Record<string, unknown>)[key]));
}

afterEach(() => {
  for (const restore of undo.splice(0).reverse()) restore();
});

const HAZARDS: Record<string, () => void> = {
  'Array.prototype.toJSON (Prototype.js)': () =>
    patch(Array.prototype, 'toJSON', function (this: unknown[]) {
      return nativeStringify(this.slice());
    }),
  'Object.prototype.toJSON': () => patch(Object.prototype, 'toJSON', () => 'patched'),
  'JSON.stringify that returns undefined': () => patch(JSON, 'stringify', () => undefined),
  'enumerable methods on Object.prototype': () => {
    patch(Object.prototype, 'toJSONString', function () {
      return 'x';
    });
    patch(Object.prototype, 'extend', 7);
  },
};

/** A fetch that keeps every body and answers 200 without touching JSON. */
function keepingFetch() {
  const bodies: string[] = [];
  const fetch = async (_url: unknown, init?: RequestInit) => {
    bodies.push(String(init?.body));
    return new Response(null, { status: 200 });
  };
  return { bodies, fetch: fetch as typeof globalThis.fetch };
}

describe('toJson', () => {
  it('writes what the native JSON.stringify writes', { timeout: 60_000 }, () => {
    const value = fc.oneof(fc.jsonValue(), fc.anything({ withDate: true, withNullPrototype: true, withSparseArray: true }));
    fc.assert(
      fc.property(value, (v) => {
        expect(toJson(v)).toBe(nativeStringify(v));
      }),
      { numRuns: 400, seed: 15 },
    );
  });

  it('escapes control characters and lone surrogates as the native one does', () => {
    const text = '"\\/\b\f\n\r\t\u0000\u001f\u007f\u2028 \ud83d\ude00 \ud800 x\udc00';
    expect(toJson(text)).toBe(nativeStringify(text));
    expect(toJson({ [text]: [text] })).toBe(nativeStringify({ [text]: [text] }));
  });

  it.each(Object.entries(HAZARDS))('is untouched by %s', (_name, apply) => {
    const value = { a: [1, 'b', { c: [null, true] }], d: new Date(0), e: undefined };
    const expected = nativeStringify(value);
    apply();
    expect(toJson(value)).toBe(expected);
  });

  it('throws on a cycle, as the native one does', () => {
    const cyclic: Record<string, unknown> = { a: {} };
    (cyclic.a as Record<string, unknown>).back = cyclic;
    expect(() => toJson(cyclic)).toThrow(RangeError);
  });
});

describe('a page that patched the globals', () => {
  it.each(Object.entries(HAZARDS))('%s: config parses, the prompt shows and the batch is valid JSON with a records array', async (_name, apply) => {
    apply();
    const { bodies, fetch } = keepingFetch();
    const { client } = testClient({ user: { id: 'u_1', attributes: { tags: ['a', 'b'] } } }, { fetch });
    await client.ready;
    client.track('checkout_completed');
    expect(client.getState().activePrompt?.survey.id).toBe(npsSurvey.id);
    await client.submit({ score: 9, comment: 'ok' });
    await client.flush();
    for (const restore of undo.splice(0).reverse()) restore();
    const batches = bodies.map((body) => BatchSchema.parse(JSON.parse(body)));
    const records = batches.flatMap((batch) => batch.records);
    expect(records.map((record) => record.type).sort()).toEqual(['response', 'shown']);
    expect(records.find((record) => record.type === 'response')).toMatchObject({ score: 9, comment: 'ok', attributes: { tags: ['a', 'b'] } });
    client.destroy();
  });

  it('a fetch wrapper the page adds after the client started never sees its requests', async () => {
    const { bodies, fetch } = keepingFetch();
    patch(globalThis, 'fetch', fetch);
    const { client } = testClient();
    await client.ready;
    let wrapped = 0;
    // Instrumentation that retries every request once more: each record would reach the endpoint twice.
    patch(globalThis, 'fetch', async (...args: Parameters<typeof fetch>) => {
      wrapped += 1;
      await fetch(...args);
      return fetch(...args);
    });
    client.track('checkout_completed');
    await client.submit({ score: 3 });
    await client.flush();
    expect(wrapped).toBe(0);
    const ids = bodies.flatMap((body) => BatchSchema.parse(JSON.parse(body)).records.map((record) => record.id));
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    client.destroy();
  });

  it('an Object.prototype property never reads as a config option or a URL rule', () => {
    patch(Object.prototype, 'surveysUrl', 'https://evil.example/surveys.json');
    patch(Object.prototype, 'equals', 'https://app.example/');
    const config = parseConfig({ endpoint: 'https://collector.example/v1', surveys: [{ ...npsSurvey, targeting: { urls: [{ startsWith: 'https://app.example/' }] } }] });
    expect(Object.keys(config)).not.toContain('surveysUrl');
    const rule = config.surveys[0]!.targeting!.urls![0]!;
    expect(Object.keys(rule)).toEqual(['startsWith']);
    expect(matchUrl(rule, 'https://app.example/reports')).toBe(true);
  });

  it('localStorage keeps arrays as arrays', async () => {
    HAZARDS['Array.prototype.toJSON (Prototype.js)']!();
    const local = fakeLocalStorage();
    const storage = createLocalStorageStorage(local);
    await storage.meta.set('k', { list: [1, 2] });
    for (const restore of undo.splice(0).reverse()) restore();
    expect(await storage.meta.get('k')).toEqual({ list: [1, 2] });
  });
});
