import { describe, expect, it } from 'vitest';
import { engineClient, onScreen } from '../engineClient';

const surveys = [{ id: 'slow', kind: 'nps', delayMs: 2000, triggers: [{ on: 'event', event: 'saved' }] }];

describe('delayMs', () => {
  it('waits the delay after the trigger before showing', async () => {
    const { client, clock } = engineClient({ surveys });
    await client.ready;
    client.track('saved');
    await clock.advance(1999);
    expect(onScreen(client)).toBeNull();
    expect(client.explain('slow').status).toBe('pending');
    await clock.advance(1);
    expect(onScreen(client)).toBe('slow');
    client.destroy();
  });

  it('cancels the pending prompt cleanly when the user navigates away first', async () => {
    const { client, clock, page } = engineClient({ surveys });
    await client.ready;
    client.track('saved');
    expect(page.listeners('navigate')).toBe(1);
    await clock.advance(1000);
    page.navigate('/elsewhere');
    expect(page.listeners('navigate')).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    await clock.advance(5000);
    expect(onScreen(client)).toBeNull();
    expect(client.explain('slow').message).toContain('navigated away');
    // Nothing was recorded as shown, so it can still show later.
    client.track('saved');
    await clock.advance(2000);
    expect(onScreen(client)).toBe('slow');
    client.destroy();
  });
});
