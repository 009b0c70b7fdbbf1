import { describe, expect, it } from 'vitest';
import { classifyStatus } from '../src/delivery/sendOutcome';
import { backoffDelay, parseRetryAfter, retryDelay } from '../src/delivery/retry';

const NOW = Date.parse('2026-11-24T12:00:00.000Z');

describe('the status table', () => {
  it.each([
    [200, 'delivered'],
    [201, 'delivered'],
    [204, 'delivered'],
    [408, 'retry'],
    [409, 'retry'],
    [425, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [504, 'retry'],
    [413, 'too-large'],
    [401, 'pause'],
    [403, 'pause'],
    [400, 'reject'],
    [404, 'reject'],
    [405, 'reject'],
    [410, 'reject'],
    [415, 'reject'],
    [422, 'reject'],
    [501, 'reject'],
    [505, 'reject'],
    [511, 'reject'],
  ])('%i → %s', (status, kind) => {
    expect(classifyStatus(status, null).kind).toBe(kind);
  });
});

describe('retry timing', () => {
  it('backoff is min(cap, base · 2^attempt) · random(0.5..1)', () => {
    expect(backoffDelay(0, 0)).toBe(1000);
    expect(backoffDelay(0, 0.999_999)).toBe(2000);
    expect(backoffDelay(3, 0.5)).toBe(12_000);
    expect(backoffDelay(20, 0)).toBe(150_000);
    expect(backoffDelay(20, 0.999_999)).toBe(300_000);
    expect(backoffDelay(2, 0, { baseMs: 100, capMs: 250 })).toBe(125);
  });

  it('Retry-After: seconds, an HTTP date, clamped to 1 s – 1 h; garbage is ignored', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter('0', NOW)).toBe(1000);
    expect(parseRetryAfter('86400', NOW)).toBe(3_600_000);
    expect(parseRetryAfter(new Date(NOW + 42_000).toUTCString(), NOW)).toBe(42_000);
    expect(parseRetryAfter(new Date(NOW - 42_000).toUTCString(), NOW)).toBe(1000);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter('2026-11-24', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });

  it('a 429 without Retry-After waits at least 60 s; with it, exactly that', () => {
    expect(retryDelay({ status: 429, retryAfterMs: null }, 0, 0.5)).toBe(60_000);
    expect(retryDelay({ status: 429, retryAfterMs: 5000 }, 0, 0.5)).toBe(5000);
    expect(retryDelay({ status: 503, retryAfterMs: null }, 0, 0.5)).toBe(1500);
  });
});
