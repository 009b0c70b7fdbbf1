import { describe, expect, it } from 'vitest';
import { engineClient, onScreen } from '../engineClient';

describe('exit-intent trigger', () => {
  it('fires when the page view reports the pointer leaving through the top', async () => {
    const { client, page } = engineClient({ surveys: [{ id: 'exit', kind: 'nps', triggers: [{ on: 'exit-intent' }] }] });
    await client.ready;
    expect(onScreen(client)).toBeNull();
    expect(page.listeners('exit')).toBe(1);
    page.exitIntent();
    expect(onScreen(client)).toBe('exit');
    expect(client.getState().activePrompt?.trigger).toEqual({ on: 'exit-intent' });
    client.destroy();
    expect(page.listeners('exit')).toBe(0);
  });
});
