import { describe, expect, it } from 'vitest';
import { engineClient, onScreen } from '../engineClient';

const surveys = [{ id: 'deep', kind: 'csat', frequency: { dismissCooldownDays: 0 }, triggers: [{ on: 'scroll', percent: 60 }] }];

describe('scroll trigger', () => {
  it('fires when the deepest scroll point first reaches the percentage', async () => {
    const { client, page } = engineClient({ surveys });
    await client.ready;
    page.scrollTo(30);
    page.scrollTo(59);
    expect(onScreen(client)).toBeNull();
    page.scrollTo(75);
    expect(onScreen(client)).toBe('deep');
    client.destroy();
  });

  it('fires once per page: scrolling back up and down again does not re-fire, a route change starts over', async () => {
    const { client, page, clock } = engineClient({ surveys, recontactDays: 0 });
    await client.ready;
    page.scrollTo(80);
    client.dismiss();
    await clock.advance(1);
    page.scrollTo(20);
    page.scrollTo(90);
    expect(onScreen(client)).toBeNull();
    page.navigate('/next');
    page.scrollTo(65);
    expect(onScreen(client)).toBe('deep');
    client.destroy();
  });
});
