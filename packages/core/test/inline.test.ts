import { describe, expect, it } from 'vitest';
import type { HarkClient, WireRecord } from '@hark/core';
import { DAY_MS } from '../src/defaults';
import { settle } from './helpers';
import { engineClient, onScreen } from './engineClient';
import { openIdbStorage } from '../src/storage/idbStorage';

// An inline survey (`place`) is page content: its own rules, one `shown` per
// page view once on screen, answered state after a reload, and it neither
// waits for nor blocks the floating prompt.

const nps = { id: 'nps', kind: 'nps', triggers: [{ on: 'event', event: 'go' }] };
const csat = { id: 'docs', kind: 'csat', frequency: { recontactDays: 30 }, triggers: [{ on: 'event', event: 'never' }] };
const other = { id: 'other', kind: 'ces', triggers: [{ on: 'event', event: 'later' }] };

function capture() {
  const sent: WireRecord[] = [];
  const fetch = async (_url: unknown, init?: RequestInit) => {
    sent.push(...(JSON.parse(String(init?.body)) as { records: WireRecord[] }).records);
    return new Response('{"ok":true}', { status: 200 });
  };
  return { sent, fetch: fetch as typeof globalThis.fetch, count: (type: string, surveyId: string) => sent.filter((r) => r.type === type && r.surveyId === surveyId).length };
}

const inline = (client: HarkClient, surveyId = 'docs') => client.getState().inlinePrompts[surveyId] ?? null;

describe('inline surveys and the floating prompt', () => {
  it('a floating prompt shows while an inline survey asks on the page, and afterwards neither blocks the other', async () => {
    const { client } = engineClient({ surveys: [nps, csat, other], user: { id: 'u1' } });
    await client.ready;
    client.place('docs');
    client.displayed(inline(client)!.id);
    expect(inline(client)?.phase).toBe('asking');
    client.track('go');
    expect(onScreen(client)).toBe('nps');
    expect(client.explain('nps').status).toBe('on-screen');

    client.dismiss();
    client.destroy();
  });

  it('an inline impression opens no global recontact window for floating surveys', async () => {
    const { client } = engineClient({ surveys: [nps, csat, other], user: { id: 'u1' } });
    await client.ready;
    client.place('docs');
    client.displayed(inline(client)!.id);
    await client.submit({ score: 5 }, inline(client)!.id);
    client.track('later');
    expect(onScreen(client)).toBe('other');
    client.dismiss();
    // A floating one does: the rule itself still holds.
    client.track('go');
    expect(client.explain('nps').blocks.map((b) => b.rule)).toEqual(['global-recontact']);
    client.destroy();
  });

  it('floating prompts stay one at a time across tabs, whatever is placed inline', async () => {
    const a = engineClient({ surveys: [nps, csat] });
    await a.client.ready;
    const b = engineClient({ surveys: [nps, csat] }, { shared: a.shared });
    await b.client.ready;
    a.client.place('docs');
    a.client.displayed(inline(a.client)!.id);
    b.client.place('docs');
    expect(inline(b.client)?.phase).toBe('asking');
    b.client.track('go');
    expect(onScreen(b.client)).toBe('nps');
    a.client.track('go');
    expect(onScreen(a.client)).toBeNull();
    expect(a.client.explain('nps').blocks.map((x) => x.rule)).toEqual(['one-at-a-time']);
    a.client.destroy();
    b.client.destroy();
  });

  it('answered in one tab, the same user is not asked again in another: the asking prompt there turns to its answered state', async () => {
    const a = engineClient({ surveys: [csat], user: { id: 'u1' } });
    await a.client.ready;
    const b = engineClient({ surveys: [csat], user: { id: 'u1' } }, { shared: a.shared });
    await b.client.ready;
    a.client.place('docs');
    b.client.place('docs');
    a.client.displayed(inline(a.client)!.id);
    b.client.displayed(inline(b.client)!.id);
    expect(inline(b.client)?.phase).toBe('asking');
    await a.client.submit({ score: 4 }, inline(a.client)!.id);
    await settle();
    expect(inline(b.client)?.phase).toBe('answered');
    expect(b.client.explain('docs').status).not.toBe('eligible');
    a.client.destroy();
    b.client.destroy();
  });

  it('another user’s answer, or a Close in another tab, leaves the prompt asking', async () => {
    const a = engineClient({ surveys: [csat], user: { id: 'u1' } });
    await a.client.ready;
    const b = engineClient({ surveys: [csat], user: { id: 'u1' } }, { shared: a.shared });
    await b.client.ready;
    const c = engineClient({ surveys: [csat], user: { id: 'u2' } }, { shared: a.shared });
    await c.client.ready;
    for (const tab of [a, b, c]) {
      tab.client.place('docs');
      tab.client.displayed(inline(tab.client)!.id);
    }
    a.client.dismiss(inline(a.client)!.id);
    await settle();
    expect(inline(b.client)?.phase).toBe('asking');
    await b.client.submit({ score: 5 }, inline(b.client)!.id);
    await settle();
    expect(inline(c.client)?.phase).toBe('asking');
    for (const tab of [a, b, c]) tab.client.destroy();
  });

  it('a survey placed inline does not also float when its trigger fires', async () => {
    const { client } = engineClient({ surveys: [{ ...csat, triggers: [{ on: 'event', event: 'go' }] }] });
    await client.ready;
    const release = client.place('docs');
    client.track('go');
    expect(onScreen(client)).toBeNull();
    release();
    client.track('go');
    expect(onScreen(client)).toBe('docs');
    client.destroy();
  });
});

describe('shown, once per page view, once on screen', () => {
  it('records nothing until the UI says it is on screen; a remount in the same page view records no second shown', async () => {
    const { sent, fetch, count } = capture();
    const { client, page } = engineClient({ surveys: [csat] }, { fetch });
    await client.ready;
    const release = client.place('docs');
    const first = inline(client)!;
    await client.flush();
    expect(count('shown', 'docs')).toBe(0);
    expect(client.explain('docs')).toMatchObject({ status: 'pending', inline: true });
    client.displayed(first.id);
    client.displayed(first.id);
    await client.flush();
    expect(count('shown', 'docs')).toBe(1);
    expect(client.explain('docs').status).toBe('on-screen');

    release();
    expect(inline(client)).toBeNull();
    client.place('docs');
    expect(inline(client)?.id).toBe(first.id);
    client.displayed(inline(client)!.id);
    await client.flush();
    expect(count('shown', 'docs')).toBe(1);
    // Leaving unanswered is not a dismissal.
    expect(count('dismissed', 'docs')).toBe(0);

    // identify() with the same user, or consent(true) again, changes nothing: the same prompt, no second shown.
    client.identify(null, { plan: 'pro' });
    client.consent(true);
    expect(inline(client)?.id).toBe(first.id);

    // A route change is a new page view.
    page.navigate('/docs/other');
    expect(inline(client)?.id).not.toBe(first.id);
    client.displayed(inline(client)!.id);
    await client.flush();
    expect(count('shown', 'docs')).toBe(2);
    expect(sent.every((r) => r.type !== 'dismissed')).toBe(true);
    client.destroy();
  });
});

describe('an answered inline survey', () => {
  it('stays answered after a reload until its own recontactDays, showing its answered state', async () => {
    const { fetch, count } = capture();
    const first = engineClient({ surveys: [csat], user: { id: 'u1' } }, { fetch });
    await first.client.ready;
    first.client.place('docs');
    await first.client.submit({ score: 4, comment: 'clear' }, inline(first.client)!.id);
    expect(inline(first.client)?.phase).toBe('thanks');
    await first.client.flush();
    await settle();
    first.client.destroy();

    const reload = engineClient({ surveys: [csat], user: { id: 'u1' } }, { shared: first.shared, fetch });
    await reload.client.ready;
    reload.client.place('docs');
    expect(inline(reload.client)?.phase).toBe('answered');
    reload.client.displayed(inline(reload.client)!.id);
    await reload.client.flush();
    expect(count('shown', 'docs')).toBe(1);
    expect(count('response', 'docs')).toBe(1);
    const why = reload.client.explain('docs');
    expect(why).toMatchObject({ status: 'blocked', inline: true });
    expect(why.message).toContain('showing its answered state');
    expect(why.blocks.map((b) => b.rule)).toEqual(['recontact']);
    reload.client.destroy();

    const later = engineClient({ surveys: [csat], user: { id: 'u1' } }, { shared: first.shared, fetch });
    await later.client.ready;
    await later.clock.advance(30 * DAY_MS + 1);
    later.client.place('docs');
    expect(inline(later.client)?.phase).toBe('asking');
    later.client.destroy();
  });

  it("shows nothing after a reload with inline.answered: 'hidden'", async () => {
    const survey = { ...csat, inline: { answered: 'hidden' } };
    const first = engineClient({ surveys: [survey], user: { id: 'u1' } });
    await first.client.ready;
    first.client.place('docs');
    await first.client.submit({ score: 2 }, inline(first.client)!.id);
    await settle();
    first.client.destroy();
    const reload = engineClient({ surveys: [survey], user: { id: 'u1' } }, { shared: first.shared });
    await reload.client.ready;
    reload.client.place('docs');
    expect(inline(reload.client)).toBeNull();
    reload.client.destroy();
  });

  it('a score chosen and left (reload without Send) also counts as answered', async () => {
    const first = engineClient({ surveys: [csat], user: { id: 'u1' } });
    await first.client.ready;
    first.client.place('docs');
    await first.client.choose(3, inline(first.client)!.id);
    await settle();
    // The page dies without a word (its last writes need not commit): what the choice wrote is enough.
    const reload = engineClient({ surveys: [csat], user: { id: 'u1' } }, { shared: { ...first.shared, bus: new Set() } });
    await reload.client.ready;
    reload.client.place('docs');
    expect(inline(reload.client)?.phase).toBe('answered');
    reload.client.destroy();
    first.client.destroy();
  });
});

describe('closing an inline survey', () => {
  it('Close is a dismissal: recorded once, gone for the page view and its dismissal cooldown', async () => {
    const { fetch, count } = capture();
    const first = engineClient({ surveys: [{ ...csat, frequency: { dismissCooldownDays: 2 } }], user: { id: 'u1' } }, { fetch });
    await first.client.ready;
    const release = first.client.place('docs');
    first.client.dismiss(inline(first.client)!.id);
    expect(inline(first.client)).toBeNull();
    release();
    first.client.place('docs');
    expect(inline(first.client)).toBeNull();
    expect(first.client.explain('docs').message).toContain('closed by the user');
    await first.client.flush();
    expect(count('dismissed', 'docs')).toBe(1);
    // Closed by a person, so it was on screen.
    expect(count('shown', 'docs')).toBe(1);
    first.client.destroy();

    const reload = engineClient({ surveys: [{ ...csat, frequency: { dismissCooldownDays: 2 } }], user: { id: 'u1' } }, { shared: first.shared });
    await reload.client.ready;
    reload.client.place('docs');
    expect(inline(reload.client)).toBeNull();
    expect(reload.client.explain('docs').blocks.map((b) => b.rule)).toEqual(['dismiss-cooldown']);
    await reload.clock.advance(2 * DAY_MS + 1);
    reload.page.navigate('/next');
    expect(inline(reload.client)?.phase).toBe('asking');
    reload.client.destroy();
  });
});

describe('rules of its own', () => {
  it('targeting and consent apply; a placement made before start or consent waits for them', async () => {
    const survey = { ...csat, targeting: { attributes: { plan: 'pro' } } };
    const { client } = engineClient({ surveys: [survey], consent: false, user: { id: 'u1', attributes: { plan: 'free' } } });
    client.place('docs');
    await client.ready;
    expect(inline(client)).toBeNull();
    client.consent(true);
    expect(inline(client)).toBeNull();
    expect(client.explain('docs').blocks.map((b) => b.rule)).toEqual(['attributes']);
    client.identify('u1', { plan: 'pro' });
    expect(inline(client)?.phase).toBe('asking');
    client.consent(false);
    expect(inline(client)).toBeNull();
    client.destroy();
  });

  it('an unknown survey id is reported, naming the field', async () => {
    const { client, errors } = engineClient({ surveys: [csat] });
    await client.ready;
    client.place('nope');
    expect(errors).toContainEqual(expect.objectContaining({ code: 'unknown_survey', field: 'surveyId' }));
    client.destroy();
  });
});

describe('another user', () => {
  it('decides the placed survey again for them: answered by one user, asking for the next', async () => {
    const { client } = engineClient({ surveys: [csat], user: { id: 'u1' } });
    await client.ready;
    client.place('docs');
    await client.submit({ score: 5 }, inline(client)!.id);
    client.dismiss(inline(client)!.id);
    client.identify('u2');
    expect(inline(client)?.phase).toBe('asking');
    client.identify('u1');
    expect(inline(client)?.phase).toBe('answered');
    client.destroy();
  });
});

describe('the display history an inline survey leaves', () => {
  /** The impressions stored for `surveyId`, read as the next page's start reads them. */
  async function stored(factory: ReturnType<typeof engineClient>['factory'], surveyId: string) {
    const storage = await openIdbStorage({ factory });
    const entries = await storage.meta.entries<{ surveyId?: string; outcome?: string }>();
    storage.close();
    return entries.filter(([key, value]) => key.startsWith('history:imp:') && value.surveyId === surveyId).map(([, value]) => value.outcome);
  }

  it('passed by on page after page, it stores nothing a rule would read; an answer or a Close is stored, and holds after a reload', async () => {
    const { fetch, count } = capture();
    const first = engineClient({ surveys: [csat], user: { id: 'u1' } }, { fetch });
    await first.client.ready;
    first.client.place('docs');
    for (let view = 0; view < 20; view++) {
      first.client.displayed(inline(first.client)!.id);
      first.page.navigate(`/docs/${view}`);
    }
    await first.client.flush();
    await settle();
    // Each page view still records its `shown`.
    expect(count('shown', 'docs')).toBe(20);
    expect(await stored(first.factory, 'docs')).toEqual([]);

    first.client.displayed(inline(first.client)!.id);
    await first.client.choose(4, inline(first.client)!.id);
    await settle();
    expect(await stored(first.factory, 'docs')).toEqual(['open']);
    first.client.destroy();
    const reload = engineClient({ surveys: [csat], user: { id: 'u1' } }, { shared: first.shared, fetch });
    await reload.client.ready;
    reload.client.place('docs');
    expect(inline(reload.client)?.phase).toBe('answered');
    reload.client.destroy();
  });

  it('an answer sent at once, and a Close, are stored too, and hold after a reload', async () => {
    const other = { ...csat, id: 'faq', frequency: { dismissCooldownDays: 2 } };
    const first = engineClient({ surveys: [csat, other], user: { id: 'u1' } });
    await first.client.ready;
    first.client.place('docs');
    first.client.place('faq');
    first.client.displayed(inline(first.client)!.id);
    first.client.displayed(inline(first.client, 'faq')!.id);
    await first.client.submit({ score: 5 }, inline(first.client)!.id);
    first.client.dismiss(inline(first.client, 'faq')!.id);
    await settle();
    expect(await stored(first.factory, 'docs')).toEqual(['answered']);
    expect(await stored(first.factory, 'faq')).toEqual(['dismissed']);
    first.client.destroy();
    const reload = engineClient({ surveys: [csat, other], user: { id: 'u1' } }, { shared: first.shared });
    await reload.client.ready;
    reload.client.place('docs');
    reload.client.place('faq');
    expect(inline(reload.client)?.phase).toBe('answered');
    expect(inline(reload.client, 'faq')).toBeNull();
    expect(reload.client.explain('faq').blocks.map((b) => b.rule)).toEqual(['dismiss-cooldown']);
    reload.client.destroy();
  });

  it('with frequency.maxDisplays each display is stored, and counted across reloads', async () => {
    const survey = { ...csat, frequency: { maxDisplays: 2 } };
    const first = engineClient({ surveys: [survey], user: { id: 'u1' } });
    await first.client.ready;
    first.client.place('docs');
    first.client.displayed(inline(first.client)!.id);
    first.page.navigate('/docs/next');
    first.client.displayed(inline(first.client)!.id);
    first.client.destroy();
    await settle();
    expect(await stored(first.factory, 'docs')).toHaveLength(2);
    const reload = engineClient({ surveys: [survey], user: { id: 'u1' } }, { shared: first.shared });
    await reload.client.ready;
    reload.client.place('docs');
    expect(inline(reload.client)).toBeNull();
    expect(reload.client.explain('docs').blocks.map((b) => b.rule)).toEqual(['max-displays']);
    reload.client.destroy();
  });
});
