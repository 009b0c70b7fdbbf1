import { describe, expect, it, vi } from 'vitest';
import { SURVEYS_SESSION_MS } from '../src/defaults';
import { engineClient, onScreen } from './engineClient';

const URL_ = 'https://cdn.example/hark/surveys.json';
const good = { id: 'remote', kind: 'csat', triggers: [{ on: 'event', event: 'go' }] };
const bad = { id: 'broken', kind: 'csat', scale: { min: 1, max: 50 }, triggers: [{ on: 'event', event: 'go' }] };

/** Waits (polling, however busy the machine) until the client has started with its surveysUrl surveys. */
const started = (client: { explain(id: string): { status: string } }) => vi.waitFor(() => expect(client.explain('remote').status).not.toBe('held'), { timeout: 10_000 });

function surveyServer(body: unknown, etag = '"v1"', cacheControl: string | null = null) {
  const requests: Array<{ url: string; ifNoneMatch: string | null }> = [];
  let current = { body, etag };
  const cache: Record<string, string> = cacheControl ? { 'Cache-Control': cacheControl } : {};
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url !== URL_) return new Response('{"ok":true}', { status: 200 });
    const ifNoneMatch = new Headers(init?.headers).get('If-None-Match');
    requests.push({ url, ifNoneMatch });
    if (ifNoneMatch === current.etag) return new Response(null, { status: 304, headers: cache });
    return new Response(JSON.stringify(current.body), { status: 200, headers: { ETag: current.etag, ...cache } });
  }) as typeof globalThis.fetch;
  return { fetch, requests, publish: (next: unknown, tag: string) => (current = { body: next, etag: tag }) };
}

describe('surveysUrl', () => {
  it('fetches surveys through the fetch seam; an invalid one is skipped with an error naming it, the others work', async () => {
    const server = surveyServer({ surveys: [bad, good] });
    const { client, errors } = engineClient({ surveysUrl: URL_ }, { fetch: server.fetch });
    client.track('go'); // before the surveys arrive: held, then replayed
    await client.ready;
    await vi.waitFor(() => expect(onScreen(client)).toBe('remote'), { timeout: 10_000 });
    const invalid = errors.find((e) => e.code === 'invalid_survey');
    expect(invalid?.message).toContain('"broken"');
    expect(invalid?.field).toBe('surveysUrl[0].scale');
    client.destroy();
  });

  it('fetches once per session, then revalidates with the ETag', async () => {
    const server = surveyServer([good]);
    const first = engineClient({ surveysUrl: URL_ }, { fetch: server.fetch });
    await first.client.ready;
    await started(first.client);
    first.client.destroy();
    const reload = engineClient({ surveysUrl: URL_ }, { fetch: server.fetch, shared: first.shared });
    await reload.client.ready;
    await started(reload.client);
    expect(server.requests).toHaveLength(1);
    reload.client.destroy();

    await first.clock.advance(SURVEYS_SESSION_MS + 1);
    const later = engineClient({ surveysUrl: URL_ }, { fetch: server.fetch, shared: first.shared });
    await later.client.ready;
    await started(later.client);
    expect(server.requests.map((r) => r.ifNoneMatch)).toEqual([null, '"v1"']);
    later.client.track('go');
    expect(onScreen(later.client)).toBe('remote'); // 304: the cached surveys
    later.client.destroy();
  });

  it('asks again on every start when the server says Cache-Control: no-cache, so a changed survey is used at the next page load', async () => {
    const server = surveyServer([good], '"v1"', 'no-cache');
    const first = engineClient({ surveysUrl: URL_ }, { fetch: server.fetch });
    await first.client.ready;
    await started(first.client);
    first.client.destroy();
    // Unchanged: revalidated with the ETag, answered 304, the cached surveys used.
    const reload = engineClient({ surveysUrl: URL_ }, { fetch: server.fetch, shared: first.shared });
    await reload.client.ready;
    await started(reload.client);
    reload.client.destroy();
    expect(server.requests.map((r) => r.ifNoneMatch)).toEqual([null, '"v1"']);
    // Changed a second later: the next start has the new question.
    server.publish([{ ...good, question: 'The new question?' }], '"v2"');
    await first.clock.advance(1000);
    const next = engineClient({ surveysUrl: URL_ }, { fetch: server.fetch, shared: first.shared });
    await next.client.ready;
    await started(next.client);
    next.client.track('go');
    await vi.waitFor(() => expect(next.client.getState().activePrompt?.question).toBe('The new question?'), { timeout: 10_000 });
    expect(server.requests.map((r) => r.ifNoneMatch)).toEqual([null, '"v1"', '"v1"']);
    next.client.destroy();
  });

  it('falls back to the cached copy when the fetch fails, and reports it', async () => {
    const server = surveyServer([good]);
    const first = engineClient({ surveysUrl: URL_ }, { fetch: server.fetch });
    await first.client.ready;
    await started(first.client);
    first.client.destroy();
    await first.clock.advance(SURVEYS_SESSION_MS + 1);
    const offline = engineClient({ surveysUrl: URL_ }, { fetch: (async () => { throw new TypeError('Failed to fetch'); }) as typeof fetch, shared: first.shared });
    await offline.client.ready;
    await started(offline.client);
    expect(offline.errors.map((e) => e.code)).toContain('surveys_unavailable');
    offline.client.track('go');
    expect(onScreen(offline.client)).toBe('remote');
    offline.client.destroy();
  });
});
