import { describe, expect, it } from 'vitest';
import { engineClient, onScreen } from '../engineClient';

describe('time trigger', () => {
  it('fires after the given seconds of visible time, paused while the tab is hidden', async () => {
    const { client, page, clock } = engineClient({ surveys: [{ id: 't', kind: 'nps', triggers: [{ on: 'time', seconds: 10 }] }] });
    await client.ready;
    await clock.advance(6_000);
    page.setVisible(false);
    await clock.advance(60_000);
    expect(onScreen(client)).toBeNull();
    page.setVisible(true);
    await clock.advance(3_000);
    expect(onScreen(client)).toBeNull();
    await clock.advance(1_000);
    expect(onScreen(client)).toBe('t');
    client.destroy();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('restarts the count on an SPA route change', async () => {
    const { client, page, clock } = engineClient({ surveys: [{ id: 't', kind: 'nps', triggers: [{ on: 'time', seconds: 5 }] }] });
    await client.ready;
    await clock.advance(4_000);
    page.navigate('/other');
    await clock.advance(4_000);
    expect(onScreen(client)).toBeNull();
    await clock.advance(1_000);
    expect(onScreen(client)).toBe('t');
    client.destroy();
  });
});
