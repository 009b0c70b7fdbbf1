// Promise: a chosen score is stored the moment it is chosen, as the answer's
// one response record. Send completes it with the comment, Close sends it as it
// is, and a page that goes away writes nothing: the score waits out its hold
// (or its tab's end) and reaches the endpoint once, under one id.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WireRecord } from '@hark/core';
import type { Presence } from '@hark/core/testing';
import { DELIVERY_DEFAULTS } from '../../packages/core/src/defaults';
import { settle } from '../../packages/core/test/helpers';
import { ledgerServer } from './ledgerServer';
import { device, expectInvariants, readStore, runUntil, tab, type Device } from './world';

const ledger = ledgerServer();
beforeAll(() => ledger.server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => ledger.reset());
afterAll(() => ledger.server.close());

/** Web Locks as the tabs of one device see them: a tab's owners stay alive until it goes away. */
function presenceOf(alive: Set<string>) {
  const mine = new Set<string>();
  const presence: Presence = {
    async hold(owner) {
      alive.add(owner);
      mine.add(owner);
      return () => alive.delete(owner);
    },
    alive: async () => new Set(alive),
  };
  return {
    tabs: { presence },
    /** The tab is closed, navigated away or crashed: the browser lets go of its locks. */
    gone: () => mine.forEach((owner) => alive.delete(owner)),
  };
}

/** A tab with the survey on screen, and what it sent. */
async function asking(dev: Device, options: Parameters<typeof tab>[1] = {}) {
  const t = tab(dev, options);
  const sent: WireRecord[] = [];
  t.client.on('sent', ({ records }) => void sent.push(...records));
  await t.client.ready;
  t.client.show('nps');
  return { ...t, sent, prompt: t.client.getState().activePrompt! };
}

const responses = (ids: Iterable<string>, sent: readonly WireRecord[]) => [...ids].filter((id) => sent.some((r) => r.id === id && r.type === 'response'));
const responseEntries = async (dev: Device) => (await readStore(dev)).outbox.filter(([, entry]) => (entry.record as { type?: string }).type === 'response');

describe('a chosen score', () => {
  it('is stored, held, the moment it is chosen; Send completes the same record: one response on the wire, with the comment', async () => {
    const dev = device();
    const t = await asking(dev);
    await t.client.choose(6);
    const [held] = await responseEntries(dev);
    expect(held).toBeDefined();
    expect((held![1] as { heldUntil?: number }).heldUntil).toBe(dev.clock.now() + DELIVERY_DEFAULTS.holdMs);
    await t.client.flush();
    expect(ledger.received.has(held![0])).toBe(false);

    await t.client.choose(8);
    await t.client.submit({ score: 8, comment: 'quick' });
    await runUntil(dev, async () => (await t.client.getDeliveryState()).pending === 0, 60_000, 1000);
    const answer = t.sent.find((r) => r.type === 'response');
    expect(answer).toMatchObject({ id: held![0], score: 8, comment: 'quick' });
    expect(ledger.received.get(held![0])).toBe(1);
    expect(t.sent.filter((r) => r.type === 'response')).toHaveLength(1);
    await expectInvariants(dev, ledger, t.errors, { final: true });
    t.client.destroy();
  });

  it('Close after choosing sends the chosen score as it is, once, and no dismissal', async () => {
    const dev = device();
    const t = await asking(dev);
    const answered: string[] = [];
    t.client.on('answered', ({ record }) => void answered.push(record.id));
    await t.client.choose(3);
    t.client.dismiss();
    expect(t.client.getState().activePrompt).toBeNull();
    await runUntil(dev, async () => (await t.client.getDeliveryState()).pending === 0, 60_000, 1000);
    expect(t.sent.map((r) => r.type).sort()).toEqual(['response', 'shown']);
    expect(t.sent.find((r) => r.type === 'response')).toMatchObject({ score: 3 });
    expect(t.sent.find((r) => r.type === 'response')).not.toHaveProperty('comment');
    expect(answered).toEqual([t.sent.find((r) => r.type === 'response')!.id]);
    expect([...ledger.received.values()]).toEqual([1, 1]);
    t.client.destroy();
  });

  it('a page left after choosing writes nothing and sends nothing of it; the next page sends it at once, once', async () => {
    const dev = device();
    const alive = new Set<string>();
    const first = presenceOf(alive);
    const t = await asking(dev, { tabs: first.tabs });
    await t.client.choose(4);
    const [held] = await responseEntries(dev);
    const writes = dev.log.accepted.size;
    // Navigating away: pagehide (the keepalive send), then the page is gone with its locks.
    t.page.hide();
    await settle();
    expect(ledger.received.has(held![0])).toBe(false);
    expect(dev.log.accepted.size).toBe(writes);
    first.gone();
    t.client.destroy();

    const next = tab(dev, { tabs: presenceOf(alive).tabs });
    await next.client.ready;
    await next.client.flush();
    // Long before the hold would have run out.
    expect(ledger.received.get(held![0])).toBe(1);
    expect(await responseEntries(dev)).toEqual([]);
    await expectInvariants(dev, ledger, next.errors, { final: true });
    next.client.destroy();
  });

  it('while the tab holding it lives, other tabs leave it alone; without Web Locks the hold runs out, then it goes once', async () => {
    const dev = device();
    const alive = new Set<string>();
    const holder = await asking(dev, { tabs: presenceOf(alive).tabs, config: { delivery: { holdMs: 60_000 } } });
    await holder.client.choose(9);
    const [held] = await responseEntries(dev);
    const other = tab(dev, { tabs: presenceOf(alive).tabs, config: { delivery: { holdMs: 60_000 } } });
    await other.client.ready;
    await other.client.flush();
    await dev.clock.advance(30_000);
    expect(ledger.received.has(held![0])).toBe(false);

    // A third tab that cannot know who is alive trusts the hold, until it runs out.
    const blind = tab(dev, { config: { delivery: { holdMs: 60_000 } } });
    await blind.client.ready;
    await blind.client.flush();
    expect(ledger.received.has(held![0])).toBe(false);
    await runUntil(dev, () => ledger.received.has(held![0]), 120_000, 5_000);
    expect(ledger.received.get(held![0])).toBe(1);
    for (const t of [holder, other, blind]) t.client.destroy();
  });

  it('a comment that arrives after the held record was sent makes no second response: it is reported, and the answer stands', async () => {
    const dev = device();
    const t = await asking(dev, { config: { delivery: { holdMs: 5_000 } } });
    await t.client.choose(2);
    const [held] = await responseEntries(dev);
    await runUntil(dev, () => ledger.received.has(held![0]), 60_000, 1000);
    await t.client.submit({ score: 2, comment: 'too late?' });
    expect(t.client.getState().activePrompt?.phase).toBe('thanks');
    expect(t.errors.find((e) => e.code === 'comment_dropped')).toMatchObject({ field: 'comment' });
    await t.client.flush();
    await settle();
    expect(t.sent.filter((r) => r.type === 'response')).toHaveLength(1);
    expect(t.sent.find((r) => r.type === 'response')).not.toHaveProperty('comment');
    expect(ledger.received.get(held![0])).toBe(1);
    expect(responses(ledger.received.keys(), t.sent)).toEqual([held![0]]);
    t.client.destroy();
  });

  it('nor after a send that may have reached the server: the version it may have stored is the one that stays', async () => {
    const dev = device();
    const t = await asking(dev, { config: { delivery: { holdMs: 5_000, backoffBaseMs: 1000 } } });
    await t.client.choose(5);
    const [held] = await responseEntries(dev);
    // The server stores the first try, but its answer never arrives.
    let tried = false;
    ledger.otherwise((ids) => (!tried && ids.includes(held![0]) ? ((tried = true), { store: true, drop: true }) : {}));
    await runUntil(dev, () => ledger.received.has(held![0]), 60_000, 1000);
    expect(ledger.stored.has(held![0])).toBe(true);
    await t.client.submit({ score: 5, comment: 'after the first try' });
    expect(t.errors.map((e) => e.code)).toContain('comment_dropped');
    await runUntil(dev, async () => (await t.client.getDeliveryState()).pending === 0, 120_000, 1000);
    expect(t.sent.filter((r) => r.type === 'response')).toEqual([expect.not.objectContaining({ comment: expect.anything() })]);
    t.client.destroy();
  });

  it('a reload after choosing counts the survey as answered: it is not asked again', async () => {
    const dev = device();
    const t = await asking(dev, { config: { user: { id: 'u1' } } });
    await t.client.choose(10);
    t.client.destroy();
    const reload = tab(dev, { config: { user: { id: 'u1' } } });
    await reload.client.ready;
    reload.client.track('done');
    expect(reload.client.getState().activePrompt).toBeNull();
    expect(reload.client.explain('nps').blocks.map((b) => b.rule)).toEqual(['recontact']);
    reload.client.destroy();
  });
});
