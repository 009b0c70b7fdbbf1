import { describe, expect, it } from 'vitest';
import { BUSY_POLL_MS, DAY_MS } from '../src/defaults';
import { openIdbStorage } from '../src/storage/idbStorage';
import { settle } from './helpers';
import { engineClient, onScreen } from './engineClient';

const nps = { id: 'nps', kind: 'nps', triggers: [{ on: 'event', event: 'go' }] };
const csat = { id: 'csat', kind: 'csat', triggers: [{ on: 'event', event: 'go' }, { on: 'event', event: 'other' }] };

describe('outcomes persist across reloads', () => {
  it('an answered survey does not come back; a dismissed one waits its cooldown', async () => {
    const first = engineClient({ surveys: [{ ...nps, frequency: { dismissCooldownDays: 2 } }], user: { id: 'u1' } });
    await first.client.ready;
    first.client.track('go');
    first.client.dismiss();
    await settle();
    first.client.destroy();

    const reload = engineClient({ surveys: [{ ...nps, frequency: { dismissCooldownDays: 2 } }], user: { id: 'u1' } }, { shared: first.shared });
    await reload.client.ready;
    reload.client.track('go');
    expect(onScreen(reload.client)).toBeNull();
    await reload.clock.advance(2 * DAY_MS + 1);
    reload.client.track('go');
    expect(onScreen(reload.client)).toBe('nps');
    await reload.client.submit({ score: 10 });
    reload.client.dismiss();
    await reload.clock.advance(365 * DAY_MS);
    reload.client.track('go');
    expect(onScreen(reload.client)).toBeNull();
    expect(reload.client.explain('nps').blocks.map((b) => b.rule)).toEqual(['recontact']);
    reload.client.destroy();
  });

  it('a prompt left unanswered (page left) comes back the next day, up to maxIgnored times', async () => {
    let shared;
    const survey = { ...nps, frequency: { maxIgnored: 2 } };
    const shows: boolean[] = [];
    for (let visit = 0; visit < 3; visit++) {
      const tab = engineClient({ surveys: [survey] }, shared ? { shared } : {});
      shared = tab.shared;
      await tab.client.ready;
      await tab.clock.advance(DAY_MS + 1);
      tab.client.track('go');
      shows.push(onScreen(tab.client) === 'nps');
      // On screen, as the UI says once it is painted; then the page is left without an answer.
      const prompt = tab.client.getState().activePrompt;
      if (prompt) tab.client.displayed(prompt.id);
      tab.page.leave();
      await settle();
      tab.client.destroy();
    }
    expect(shows).toEqual([true, true, false]);
  });
});

describe('across tabs', () => {
  it('a prompt on screen in one tab blocks prompts in another; afterwards the global window applies', async () => {
    const a = engineClient({ surveys: [nps, csat] });
    await a.client.ready;
    const b = engineClient({ surveys: [nps, csat] }, { shared: a.shared });
    await b.client.ready;
    a.client.track('go');
    expect(onScreen(a.client)).toBe('nps');
    b.client.track('go');
    expect(onScreen(b.client)).toBeNull();
    expect(b.client.explain('nps').blocks.map((x) => x.rule)).toContain('one-at-a-time');

    await a.client.submit({ score: 9 });
    a.client.dismiss();
    b.client.track('other');
    expect(onScreen(b.client)).toBeNull();
    expect(b.client.explain('csat').blocks.map((x) => x.rule)).toEqual(['global-recontact']);
    await b.clock.advance(14 * DAY_MS + 1);
    b.client.track('other');
    expect(onScreen(b.client)).toBe('csat');
    a.client.destroy();
    b.client.destroy();
  });

  it('a tab opened later reads the history from IndexedDB', async () => {
    const a = engineClient({ surveys: [nps, csat] });
    await a.client.ready;
    a.client.track('go');
    await settle();
    const late = engineClient({ surveys: [nps, csat] }, { shared: { ...a.shared, bus: new Set() } });
    await late.client.ready;
    late.client.track('other');
    expect(onScreen(late.client)).toBeNull();
    a.client.destroy();
    late.client.destroy();
  });
});

describe('good manners', () => {
  it('waits while a host dialog is open, then shows', async () => {
    const { client, page, clock } = engineClient({ surveys: [nps] });
    await client.ready;
    page.setBusy('modal');
    client.track('go');
    expect(onScreen(client)).toBeNull();
    expect(client.explain('nps').message).toContain('host dialog');
    await clock.advance(BUSY_POLL_MS * 4);
    expect(onScreen(client)).toBeNull();
    page.setBusy(null);
    await clock.advance(BUSY_POLL_MS);
    expect(onScreen(client)).toBe('nps');
    client.destroy();
  });

  it('keeps a single re-check timer however often the busy state changes', async () => {
    const { client, page, clock } = engineClient({ surveys: [nps] });
    await client.ready;
    page.setBusy('typing');
    client.track('go');
    const timers = clock.pendingTimers();
    for (let i = 0; i < 5; i++) page.setBusy('typing');
    expect(clock.pendingTimers()).toBe(timers);
    client.destroy();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('waits while the user types, and shows as soon as they stop', async () => {
    const { client, page } = engineClient({ surveys: [nps] });
    await client.ready;
    page.setBusy('typing');
    client.track('go');
    expect(client.explain('nps').message).toContain('stop typing');
    page.setBusy(null); // focus left the field
    expect(onScreen(client)).toBe('nps');
    client.destroy();
  });

  it('drops a second candidate while a prompt is about to show, and says so', async () => {
    const { client, clock } = engineClient({ surveys: [{ ...nps, delayMs: 1000 }, csat], recontactDays: 0 });
    await client.ready;
    client.track('go');
    expect(client.explain('nps').status).toBe('pending');
    expect(client.explain('csat').lastOutcome).toContain('dropped');
    await clock.advance(1000);
    expect(onScreen(client)).toBe('nps');
    client.dismiss();
    client.track('other');
    expect(onScreen(client)).toBe('csat');
    client.destroy();
  });
});

describe('users', () => {
  it('targets attributes from init({ user }) and identify()', async () => {
    const survey = { ...nps, targeting: { attributes: { plan: 'pro', seats: { gte: 5 } } } };
    const { client } = engineClient({ surveys: [survey], user: { id: 'u1', attributes: { plan: 'free', seats: 9 } } });
    await client.ready;
    client.track('go');
    expect(onScreen(client)).toBeNull();
    client.identify('u1', { plan: 'pro', seats: 9 });
    client.track('go');
    expect(onScreen(client)).toBe('nps');
    client.destroy();
  });

  it('keeps history per user, and reset() forgets it but keeps unsent records', async () => {
    const { client, factory } = engineClient({ surveys: [nps], user: { id: 'alice' } }, { fetch: async () => new Response(null, { status: 503 }) });
    await client.ready;
    client.track('go');
    await client.submit({ score: 7 });
    client.dismiss();
    client.identify('bob');
    client.track('go');
    expect(onScreen(client)).toBe('nps'); // bob has his own history
    client.dismiss();
    client.identify('alice');
    client.track('go');
    expect(onScreen(client)).toBeNull();
    await client.reset();
    client.identify('alice');
    client.track('go');
    expect(onScreen(client)).toBe('nps');
    await settle();
    const storage = await openIdbStorage({ factory });
    const queued = (await storage.outbox.entries<{ record: { type: string; userId: string | null } }>()).map(([, e]) => e.record);
    expect(queued.filter((r) => r.type === 'response')).toEqual([expect.objectContaining({ userId: 'alice' })]);
    client.destroy();
  });
});

describe('destroy', () => {
  it('removes every listener and timer, and counts a prompt on screen as ignored', async () => {
    const surveys = [
      { id: 'all', kind: 'nps', delayMs: 5000, triggers: [{ on: 'pageview' }, { on: 'click', selector: '#a' }, { on: 'exit-intent' }, { on: 'scroll', percent: 50 }, { on: 'time', seconds: 30 }] },
    ];
    const { client, page, clock } = engineClient({ surveys });
    await client.ready;
    expect(page.totalListeners()).toBeGreaterThan(5);
    expect(clock.pendingTimers()).toBeGreaterThan(0);
    client.destroy();
    expect(page.totalListeners()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    expect(() => client.track('x')).not.toThrow();
  });
});

describe('a floating prompt that never reached the screen (its UI could not load: a blocker, a failed fetch)', () => {
  it('is forgotten when the page is left: not counted as ignored, no recontact window for other surveys, and it asks on a later visit', async () => {
    const other = { id: 'other', kind: 'ces', triggers: [{ on: 'event', event: 'other' }] };
    let shared: ReturnType<typeof engineClient>['shared'] | undefined;
    // Four visits whose UI never loads: the prompt is decided, never displayed, and the page is left.
    for (let visit = 0; visit < 4; visit++) {
      const page = engineClient({ surveys: [nps, other], user: { id: 'u1' } }, shared ? { shared } : {});
      shared = page.shared;
      await page.client.ready;
      page.client.track('go');
      expect(onScreen(page.client)).toBe('nps');
      page.page.leave();
      page.client.destroy();
      await settle();
      await page.clock.advance(2 * 24 * 60 * 60 * 1000);
    }
    const storage = await openIdbStorage({ factory: shared!.factory });
    expect((await storage.meta.entries()).filter(([key]) => key.startsWith('history:imp:'))).toEqual([]);
    storage.close();
    const later = engineClient({ surveys: [nps, other], user: { id: 'u1' } }, { shared });
    await later.client.ready;
    later.client.track('other');
    expect(onScreen(later.client)).toBe('other');
    later.client.dismiss();
    await later.clock.advance(15 * DAY_MS);
    later.client.track('go');
    expect(onScreen(later.client)).toBe('nps');
    later.client.destroy();
  });

  it('dropped at a page hide into the back/forward cache, then painted after the restore: it is a floating prompt again, holding the lock across tabs', async () => {
    const a = engineClient({ surveys: [nps, csat] });
    await a.client.ready;
    a.client.track('go');
    const { id } = a.client.getState().activePrompt!;
    a.page.leave();
    await settle();
    a.page.restore();
    a.client.displayed(id);
    await settle();
    const storage = await openIdbStorage({ factory: a.shared.factory });
    const stored = (await storage.meta.entries<{ id: string; inline?: boolean; outcome: string }>()).filter(([key]) => key.startsWith('history:imp:')).map(([, value]) => value);
    storage.close();
    expect(stored).toEqual([expect.objectContaining({ id, outcome: 'open' })]);
    expect(stored[0]!.inline).toBeUndefined();
    const b = engineClient({ surveys: [nps, csat] }, { shared: a.shared });
    await b.client.ready;
    b.client.track('other');
    expect(onScreen(b.client)).toBeNull();
    expect(b.client.explain('csat').blocks.map((block) => block.rule)).toContain('one-at-a-time');
    a.client.destroy();
    b.client.destroy();
  });

  it('one that was on screen and left unanswered still counts as ignored', async () => {
    const first = engineClient({ surveys: [nps], user: { id: 'u1' } });
    await first.client.ready;
    first.client.track('go');
    first.client.displayed(first.client.getState().activePrompt!.id);
    first.page.leave();
    first.client.destroy();
    await settle();
    const reload = engineClient({ surveys: [nps], user: { id: 'u1' } }, { shared: first.shared });
    await reload.client.ready;
    reload.client.track('go');
    expect(onScreen(reload.client)).toBeNull();
    expect(reload.client.explain('nps').blocks.map((b) => b.rule)).toEqual(['ignored']);
    reload.client.destroy();
  });
});
