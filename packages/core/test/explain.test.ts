import { afterEach, describe, expect, it, vi } from 'vitest';
import { DAY_MS } from '../src/defaults';
import { engineClient } from './engineClient';

const surveys = [
  { id: 'nps', kind: 'nps', frequency: { recontactDays: 30 }, triggers: [{ on: 'event', event: 'go' }, { on: 'pageview', url: '/reports/**' }] },
];

afterEach(() => vi.restoreAllMocks());

describe('explain(surveyId)', () => {
  it('says which trigger it waits for before anything fired', async () => {
    const { client } = engineClient({ surveys });
    await client.ready;
    const why = client.explain('nps');
    expect(why.status).toBe('eligible');
    expect(why.triggers).toEqual(['event "go"', 'pageview on path /reports/**']);
    expect(why.message).toContain('no trigger has fired yet');
    client.destroy();
  });

  it('names the trigger that fired, the rule that blocked it and when it may show next', async () => {
    const { client, clock } = engineClient({ surveys });
    await client.ready;
    client.track('go');
    expect(client.explain('nps').status).toBe('on-screen');
    await client.submit({ score: 8 });
    client.dismiss();
    await clock.advance(DAY_MS);
    client.track('go');
    const why = client.explain('nps');
    expect(why.status).toBe('blocked');
    expect(why.lastTrigger?.trigger).toBe('event "go"');
    expect(why.blocks).toEqual([expect.objectContaining({ rule: 'recontact', reason: 'answered; frequency.recontactDays is 30' })]);
    expect(why.nextAt).toBe(Date.parse('2026-11-24T12:00:00.000Z') + 30 * DAY_MS);
    expect(why.message).toContain('it may show again from 2026-12-24T12:00:00.000Z');
    client.destroy();
  });

  it('knows unknown ids, and logs its answer when debug is on', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const { client } = engineClient({ surveys, debug: true });
    await client.ready;
    expect(client.explain('nope').status).toBe('unknown');
    client.track('go');
    expect(info.mock.calls.flat().join('\n')).toContain('survey "nps" shown');
    client.destroy();
  });
});
