import { describe, expect, it } from 'vitest';
import { settle } from '../helpers';
import { engineClient, onScreen } from '../engineClient';

const survey = (trigger: Record<string, unknown>) => ({ id: 'ev', kind: 'nps', triggers: [{ on: 'event', event: 'exported', ...trigger }] });

describe('event trigger', () => {
  it('fires on track(name) and not on other names', async () => {
    const { client } = engineClient({ surveys: [survey({})] });
    await client.ready;
    client.track('imported');
    expect(onScreen(client)).toBeNull();
    client.track('exported');
    expect(onScreen(client)).toBe('ev');
    expect(client.getState().activePrompt?.trigger).toEqual({ event: 'exported' });
    client.destroy();
  });

  it('requires every `where` property to be equal', async () => {
    const { client } = engineClient({ surveys: [survey({ where: { format: 'csv', rows: 10 } })] });
    await client.ready;
    client.track('exported', { format: 'csv', rows: 9 });
    client.track('exported', { format: 'pdf', rows: 10 });
    expect(onScreen(client)).toBeNull();
    client.track('exported', { format: 'csv', rows: 10, extra: true });
    expect(onScreen(client)).toBe('ev');
    client.destroy();
  });

  it('with nth, shows on the nth matching occurrence, counting across reloads', async () => {
    const first = engineClient({ surveys: [survey({ nth: 3, where: { format: 'csv' } })] });
    await first.client.ready;
    first.client.track('exported', { format: 'csv' });
    first.client.track('exported', { format: 'pdf' }); // does not match `where`: not counted
    first.client.track('exported', { format: 'csv' });
    expect(onScreen(first.client)).toBeNull();
    await settle();
    first.client.destroy();

    // A reload: same database, new client.
    const second = engineClient({ surveys: [survey({ nth: 3, where: { format: 'csv' } })] }, { shared: first.shared });
    await second.client.ready;
    second.client.track('exported', { format: 'csv' });
    expect(onScreen(second.client)).toBe('ev');
    second.client.destroy();
  });

  it('holds track() calls made before storage is open and replays them', async () => {
    const { client } = engineClient({ surveys: [survey({})] });
    client.track('exported');
    expect(onScreen(client)).toBeNull();
    await client.ready;
    await settle(2);
    expect(onScreen(client)).toBe('ev');
    client.destroy();
  });
});
