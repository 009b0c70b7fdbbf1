import { describe, expect, it } from 'vitest';
import { HarkError, toHarkError } from '@hark/core';

describe('HarkError across copies of Hark', () => {
  it('an error made by another copy of the class (the script tag’s UI chunk carries one) is a HarkError here: code and field survive the report', async () => {
    const copy = '../src/errors.ts?another-copy';
    const other = (await import(/* @vite-ignore */ copy)) as typeof import('../src/errors');
    expect(other.HarkError).not.toBe(HarkError);
    const error = new other.HarkError('delivery_paused', 'the endpoint answered 401', { field: 'headers' });
    expect(error instanceof HarkError).toBe(true);
    expect(toHarkError(error)).toBe(error);
    expect(toHarkError(error)).toMatchObject({ code: 'delivery_paused', field: 'headers' });
    expect(new HarkError('internal', 'x') instanceof other.HarkError).toBe(true);
  });

  it('nothing else is one', () => {
    for (const value of [new Error('[hark] looks like one'), { code: 'internal', name: 'HarkError' }, null, undefined, 'HarkError', 0]) {
      expect(value instanceof HarkError).toBe(false);
    }
    expect(toHarkError(new TypeError('boom'))).toMatchObject({ code: 'internal', message: '[hark] boom' });
  });
});
