import { describe, expect, it } from 'vitest';
import { createClient, type WireRecord } from '@hark/core';
import { ENDPOINT, settle } from './helpers';
import { engineClient, fakePlatform, onScreen } from './engineClient';

const nps = { id: 'nps', kind: 'nps', triggers: [{ on: 'event', event: 'go' }] };

function capture() {
  const sent: WireRecord[] = [];
  const fetch = async (_url: unknown, init?: RequestInit) => {
    sent.push(...(JSON.parse(String(init?.body)) as { records: WireRecord[] }).records);
    return new Response('{"ok":true}', { status: 200 });
  };
  return { sent, fetch: fetch as typeof globalThis.fetch };
}

describe('consent', () => {
  it('consent: false shows nothing and records nothing until consent(true), then replays what triggered', async () => {
    const { sent, fetch } = capture();
    const { client } = engineClient({ surveys: [nps], consent: false }, { fetch });
    await client.ready;
    client.track('go');
    client.show('nps');
    await settle();
    expect(onScreen(client)).toBeNull();
    expect(sent).toEqual([]);
    expect(client.getState().consent).toBe(false);
    expect(client.explain('nps').status).toBe('held');
    client.consent(true);
    expect(onScreen(client)).toBe('nps');
    client.displayed(client.getState().activePrompt!.id);
    await client.flush();
    expect(sent.map((r) => r.type)).toEqual(['shown']);
    client.destroy();
  });

  it('consent: false also holds records an earlier page left queued, until consent(true)', async () => {
    const offline = async () => {
      throw new TypeError('Failed to fetch');
    };
    const first = engineClient({ surveys: [nps] }, { fetch: offline as unknown as typeof fetch });
    await first.client.ready;
    first.client.track('go');
    await first.client.submit({ score: 8 });
    await first.client.flush();
    first.client.destroy();

    const { sent, fetch } = capture();
    const { client } = engineClient({ surveys: [nps], consent: false }, { fetch, shared: first.shared });
    await client.ready;
    expect(await client.flush()).toEqual({ status: 'held' });
    await settle();
    expect(sent).toEqual([]);
    // Past the first page's backoff (and any lease it held): only consent stands in the way now.
    await first.clock.advance(10 * 60_000);
    expect(sent).toEqual([]);
    client.consent(true);
    await settle();
    await client.flush();
    expect(sent.filter((r) => r.type === 'response').map((r) => (r as { score: number }).score)).toEqual([8]);
    client.destroy();
  });

  it('keeps a held event while time ticks pass, however long consent takes', async () => {
    const { client, clock } = engineClient({
      surveys: [nps, { id: 'slow', kind: 'csat', triggers: [{ on: 'time', seconds: 1000 }] }],
      consent: false,
    });
    await client.ready;
    client.track('go');
    await clock.advance(120_000); // 120 ticks: more than the held queue holds
    client.consent(true);
    expect(onScreen(client)).toBe('nps');
    client.destroy();
  });

  it('consent(false) closes the prompt and holds new triggers again', async () => {
    const { client } = engineClient({ surveys: [nps] });
    await client.ready;
    client.track('go');
    client.consent(false);
    expect(onScreen(client)).toBeNull();
    client.consent('yes' as unknown as boolean);
    expect(client.getState().consent).toBe(false);
    client.destroy();
  });

  it('respectDoNotTrack holds everything while the browser sends DNT or GPC', async () => {
    const platform = fakePlatform({ doNotTrack: () => true }).platform;
    const client = createClient({ endpoint: ENDPOINT, storage: 'memory', surveys: [nps], respectDoNotTrack: true }, { platform });
    await client.ready;
    client.track('go');
    expect(onScreen(client)).toBeNull();
    client.destroy();
    const ignoring = createClient({ endpoint: ENDPOINT, storage: 'memory', surveys: [nps] }, { platform });
    await ignoring.ready;
    ignoring.track('go');
    expect(onScreen(ignoring)).toBe('nps');
    ignoring.destroy();
  });
});

describe('beforeSend', () => {
  it('scrubs a record before it is stored and sent', async () => {
    const { sent, fetch } = capture();
    const { client } = engineClient(
      { surveys: [nps], user: { id: 'u1', attributes: { email: 'a@b.c', plan: 'pro' } }, beforeSend: (record) => ({ ...record, attributes: { plan: 'pro' }, context: {} }) },
      { fetch },
    );
    await client.ready;
    client.track('go');
    await client.submit({ score: 9, comment: 'ok' });
    await client.flush();
    await settle();
    expect(sent.length).toBeGreaterThan(0);
    expect(JSON.stringify(sent)).not.toContain('a@b.c');
    expect(sent.every((r) => r.context && !('url' in r.context))).toBe(true);
    client.destroy();
  });

  it('drops a record when it returns null, and drops (with an error) when it throws', async () => {
    const { sent, fetch } = capture();
    const { client, errors } = engineClient(
      {
        surveys: [nps],
        beforeSend: (record) => {
          if (record.type === 'shown') return null;
          throw new Error('scrubber bug');
        },
      },
      { fetch },
    );
    await client.ready;
    client.track('go');
    await client.submit({ score: 3 });
    await client.flush();
    await settle();
    expect(sent).toEqual([]);
    expect(errors.map((e) => e.field)).toContain('beforeSend');
    expect(client.getState().activePrompt?.phase).toBe('thanks');
    client.destroy();
  });

  it('must be a function', () => {
    expect(() => createClient({ endpoint: ENDPOINT, beforeSend: 'scrub' as never }, { platform: fakePlatform().platform })).toThrow(/beforeSend/);
  });
});
