import { describe, expect, it } from 'vitest';
import { matchUrl, matchUrlLists } from '../../src/triggers/matchUrl';
import { engineClient, onScreen } from '../engineClient';

const survey = (trigger: Record<string, unknown>) => ({ id: 'pv', kind: 'csat', triggers: [{ on: 'pageview', ...trigger }] });

describe('pageview trigger', () => {
  it('fires on the first load', async () => {
    const { client } = engineClient({ surveys: [survey({})] }, { href: 'https://app.example/home' });
    await client.ready;
    expect(onScreen(client)).toBe('pv');
    expect(client.getState().activePrompt?.trigger).toEqual({ on: 'pageview', url: 'https://app.example/home' });
    client.destroy();
  });

  it('fires on an SPA route change to a matching URL, not before', async () => {
    const { client, page } = engineClient({ surveys: [survey({ url: '/reports/*' })] }, { href: 'https://app.example/home' });
    await client.ready;
    expect(onScreen(client)).toBeNull();
    page.navigate('/reports');
    expect(onScreen(client)).toBeNull();
    page.navigate('/reports/q4?tab=2');
    expect(onScreen(client)).toBe('pv');
    client.destroy();
  });

  it('honours include and exclude lists', async () => {
    const { client, page } = engineClient(
      { surveys: [survey({ url: [{ startsWith: 'https://app.example/docs' }, { contains: 'help=1' }], exclude: ['/docs/internal/**'] })] },
      { href: 'https://app.example/docs/internal/a/b' },
    );
    await client.ready;
    expect(onScreen(client)).toBeNull();
    page.navigate('/pricing?help=1');
    expect(onScreen(client)).toBe('pv');
    client.destroy();
  });

  it('stops listening to navigation on destroy', async () => {
    const { client, page } = engineClient({ surveys: [survey({ url: '/x' })] });
    await client.ready;
    expect(page.listeners('navigate')).toBe(1);
    client.destroy();
    expect(page.totalListeners()).toBe(0);
  });
});

describe('URL rules', () => {
  const href = 'https://app.example/reports/2026/q4?tab=nps#top';
  it.each([
    ['/reports/**', true],
    ['/reports/*', false],
    ['/reports/*/q4', true],
    ['/reports/2026/q4/', true],
    ['/report', false],
    [{ equals: href }, true],
    [{ equals: 'https://app.example/reports' }, false],
    [{ startsWith: 'https://app.example/reports/' }, true],
    [{ contains: 'tab=nps' }, true],
    [{ contains: 'tab=csat' }, false],
    [{ matches: '/reports/\\d{4}/q[1-4]' }, true],
    [{ matches: '^/reports' }, false],
  ] as const)('%j → %s', (rule, expected) => {
    expect(matchUrl(rule, href)).toBe(expected);
  });

  it('lets an exclude match win over an include', () => {
    expect(matchUrlLists(href, ['/reports/**'], [{ contains: '#top' }])).toBe(false);
    expect(matchUrlLists(href, undefined, undefined)).toBe(true);
  });
});
