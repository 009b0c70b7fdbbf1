import { describe, expect, it } from 'vitest';
import { createClient, HarkError } from '@hark/core';
import { parseConfig } from '@hark/core/schema';
import pkg from '../package.json';
import { SDK_VERSION } from '../src/version';

const survey = { id: 'nps', kind: 'nps', triggers: [{ on: 'event', event: 'x' }] };

function errorOf(fn: () => unknown): HarkError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HarkError) return error;
    throw error;
  }
  throw new Error('expected a HarkError');
}

describe('config validation names the field', () => {
  it.each([
    [{ endpoint: 'not a url' }, 'endpoint', 'invalid_config'],
    [{ endpoint: 'ftp://x.test/in' }, 'endpoint', 'invalid_config'],
    [{}, 'endpoint', 'invalid_config'],
    [{ endpoint: '/v1/records', debug: 'yes' }, 'debug', 'invalid_config'],
    [{ endpoint: '/v1/records', storag: 'memory' }, '', 'invalid_config'],
    [{ endpoint: '/r', surveys: [{ ...survey, triggers: [{ on: 'hover' }] }] }, 'surveys[0].triggers[0]', 'invalid_survey'],
    [{ endpoint: '/r', surveys: [{ ...survey, scale: { min: 5, max: 1 } }] }, 'surveys[0].scale', 'invalid_survey'],
    [{ endpoint: '/r', surveys: [{ ...survey, kind: 'star' }] }, 'surveys[0].kind', 'invalid_survey'],
    [{ endpoint: '/r', surveys: [{ ...survey, triggers: [] }] }, 'surveys[0].triggers', 'invalid_survey'],
    [{ endpoint: '/r', surveys: [survey, survey] }, 'surveys[1].id', 'invalid_survey'],
    [{ endpoint: '/r', surveys: [{ ...survey, triggers: [{ on: 'pageview', url: { matches: '(' } }] }] }, 'surveys[0].triggers[0].url', 'invalid_survey'],
  ])('%j → %s', (config, field, code) => {
    const error = errorOf(() => createClient(config as never));
    expect(error.code).toBe(code);
    expect(error.field ?? '').toContain(field);
    expect(error.message).toContain(field || 'storag');
  });

  it('rejects a non-object config with an example of the right shape', () => {
    expect(errorOf(() => parseConfig(undefined)).message).toMatch(/endpoint/);
  });

  it('says what each bad field expects, in words', () => {
    const message = errorOf(() =>
      parseConfig({ endpoint: '/r', surveys: [{ ...survey, kind: 'star', triggers: [{ on: 'hover' }] }] }),
    ).message;
    expect(errorOf(() => parseConfig({ endpoint: '/r', debug: 'yes' })).message).toContain('debug: expected boolean');
    expect(message).toContain('surveys[0].kind: expected one of "nps", "ces", "csat"');
    expect(message).toContain('surveys[0].triggers[0].on: expected one of "event", "pageview"');
    expect(message).not.toContain('Invalid input');
  });

  it('names the survey id in a survey error', () => {
    expect(errorOf(() => parseConfig({ endpoint: '/r', surveys: [{ ...survey, id: 'q4', kind: 'x' }] })).message).toContain('"q4"');
  });

  it('accepts a full valid config and fills scale defaults at show time', () => {
    const config = parseConfig({ endpoint: 'https://api.example.com/v1/records', surveys: [survey], headers: { 'X-Api-Key': 'k' } });
    expect(config.surveys[0]?.id).toBe('nps');
  });

  it('keeps SDK_VERSION in step with package.json', () => {
    expect(SDK_VERSION).toBe(pkg.version);
  });
});
