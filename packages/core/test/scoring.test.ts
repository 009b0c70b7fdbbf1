import { describe, expect, it } from 'vitest';
import { categorize, ResponseRecordSchema } from '@hark/core/schema';
import { classifyStatus } from '../src/delivery/sendOutcome';
import { backoffDelay, parseRetryAfter } from '../src/delivery/retry';

describe('categorize', () => {
  it('bands NPS as detractor 0–6, passive 7–8, promoter 9–10', () => {
    const bands = Array.from({ length: 11 }, (_, score) => categorize('nps', score));
    expect(bands).toEqual([...Array(7).fill('detractor'), 'passive', 'passive', 'promoter', 'promoter']);
  });
  it('bands CSAT 1–5 and CES 1–7 as low / mid / high', () => {
    expect([1, 2, 3, 4, 5].map((s) => categorize('csat', s))).toEqual(['low', 'low', 'mid', 'high', 'high']);
    expect([1, 2, 3, 4, 5, 6, 7].map((s) => categorize('ces', s))).toEqual(['low', 'low', 'low', 'mid', 'high', 'high', 'high']);
  });
  it('is what the wire schema checks a record against', () => {
    const base = { id: '01a20e35-c721-73ca-886e-f4b313d060ef', type: 'response', surveyId: 's', kind: 'nps', anonymousId: 'a', createdAt: '2026-11-24T12:00:00.000Z', scale: { min: 0, max: 10 }, question: 'q' };
    expect(ResponseRecordSchema.safeParse({ ...base, score: 9, category: 'promoter' }).success).toBe(true);
    expect(ResponseRecordSchema.safeParse({ ...base, score: 9, category: 'detractor' }).success).toBe(false);
    expect(ResponseRecordSchema.safeParse({ ...base, score: 11, category: 'promoter' }).success).toBe(false);
  });
});

describe('delivery outcomes and timing', () => {
  it('maps statuses to one action each', () => {
    expect(classifyStatus(204, null).kind).toBe('delivered');
    for (const status of [408, 409, 425, 429, 500, 502, 503, 504]) expect(classifyStatus(status, null).kind).toBe('retry');
    expect(classifyStatus(413, null).kind).toBe('too-large');
    expect(classifyStatus(401, null).kind).toBe('pause');
    expect(classifyStatus(403, null).kind).toBe('pause');
    for (const status of [400, 404, 405, 410, 415, 422, 501, 505, 511]) expect(classifyStatus(status, null).kind).toBe('reject');
  });
  it('backs off exponentially with jitter, up to the cap', () => {
    expect(backoffDelay(0, 0)).toBe(1000);
    expect(backoffDelay(0, 0.999999)).toBe(2000);
    expect(backoffDelay(3, 0)).toBe(8000);
    expect(backoffDelay(40, 0.999999)).toBe(300_000);
  });
  it('reads Retry-After as seconds or a date, clamped to 1 s – 1 h, and ignores garbage', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('0', now)).toBe(1000);
    expect(parseRetryAfter('999999', now)).toBe(3_600_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 12:02:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
