import { describe, expect, it } from 'vitest';
import { createClient, HarkError } from '@hark/core';
import { engineClient, fakePlatform } from './engineClient';

const inert = { platform: fakePlatform().platform };
const survey = { id: 's', kind: 'nps', triggers: [{ on: 'event', event: 'x' }] };

function fieldOf(config: unknown): string | undefined {
  try {
    createClient(config as never, inert);
  } catch (error) {
    if (error instanceof HarkError) return `${error.code} ${error.field}: ${error.message.includes(error.field ?? '') ? 'named' : 'NOT named'}`;
    throw error;
  }
  return 'no error';
}

describe('bad engine config throws a HarkError naming the field', () => {
  it.each([
    [{ endpoint: '/r', surveysUrl: 'not a url' }, 'invalid_config surveysUrl: named'],
    [{ endpoint: '/r', recontactDays: -1 }, 'invalid_config recontactDays: named'],
    [{ endpoint: '/r', consent: 'no' }, 'invalid_config consent: named'],
    [{ endpoint: '/r', surveys: [{ ...survey, triggers: [{ on: 'scroll', percent: 150 }] }] }, 'invalid_survey surveys[0].triggers[0].percent: named'],
    [{ endpoint: '/r', surveys: [{ ...survey, triggers: [{ on: 'click' }] }] }, 'invalid_survey surveys[0].triggers[0].selector: named'],
    [{ endpoint: '/r', surveys: [{ ...survey, targeting: { sample: 2 } }] }, 'invalid_survey surveys[0].targeting.sample: named'],
    [{ endpoint: '/r', surveys: [{ ...survey, frequency: { maxDisplays: 0 } }] }, 'invalid_survey surveys[0].frequency.maxDisplays: named'],
    [{ endpoint: '/r', surveys: [{ ...survey, targeting: { urls: [{ matches: '[' }] } }] }, 'invalid_survey surveys[0].targeting.urls[0].matches: named'],
  ])('%j', (config, expected) => {
    expect(fieldOf(config)).toBe(expected);
  });
});

describe('bad calls are reported, never thrown', () => {
  it('track with a non-string name, identify with bad attributes, consent with a non-boolean', async () => {
    const { client, errors } = engineClient({ surveys: [survey] });
    await client.ready;
    expect(() => client.track(undefined as never)).not.toThrow();
    expect(() => client.track('x', 5 as never)).not.toThrow();
    expect(() => client.identify('u', 'pro' as never)).not.toThrow();
    expect(() => client.consent(1 as never)).not.toThrow();
    expect(errors.map((e) => e.field)).toEqual(['event', 'props', 'attributes', 'granted']);
    client.destroy();
  });
});
