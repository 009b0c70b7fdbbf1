import { describe, expect, it } from 'vitest';
import { parseSurvey } from '@hark/core/schema';
import { evaluate } from '../../src/eligibility/evaluate';
import { matchAttribute } from '../../src/eligibility/matchAttribute';
import { sampleBucket } from '../../src/eligibility/sampleRule';
import type { EligibilityInput } from '../../src/eligibility/types';
import { type Impression } from '../../src/eligibility/impression';
import { DAY_MS, OPEN_IMPRESSION_TTL_MS } from '../../src/defaults';

const NOW = Date.parse('2026-11-24T12:00:00.000Z');
const survey = (extra: Record<string, unknown> = {}) =>
  parseSurvey({ id: 's', kind: 'nps', triggers: [{ on: 'event', event: 'x' }], ...extra });
const seen = (surveyId: string, daysAgo: number, outcome: Impression['outcome'], endedDaysAgo = daysAgo): Impression => ({
  id: `${surveyId}-${daysAgo}-${outcome}`,
  surveyId,
  user: 'u1',
  shownAt: NOW - daysAgo * DAY_MS,
  outcome,
  ...(outcome === 'open' ? {} : { endedAt: NOW - endedDaysAgo * DAY_MS }),
});
const input = (extra: Partial<EligibilityInput> = {}): EligibilityInput => ({
  survey: survey(),
  userKey: 'u1',
  attributes: {},
  history: [],
  now: NOW,
  href: 'https://app.example/home',
  globalRecontactDays: 14,
  ...extra,
});
const rulesBlocking = (i: EligibilityInput) => evaluate(i).blocks.map((b) => b.rule);

describe('attributes', () => {
  it.each([
    ['pro', 'pro', true],
    ['pro', 'free', false],
    [{ in: ['pro', 'team'] }, 'team', true],
    [{ in: ['pro', 'team'] }, 'free', false],
    [{ gte: 3, lt: 10 }, 3, true],
    [{ gte: 3, lt: 10 }, 10, false],
    [{ gt: 3 }, '4', false],
    [{ lte: 0 }, -1, true],
    [{ exists: true }, 0, true],
    [{ exists: true }, undefined, false],
    [{ exists: false }, undefined, true],
    [{ tier: 1 }, { tier: 1 }, true],
  ] as const)('%j matches %j: %s', (matcher, value, expected) => {
    expect(matchAttribute(matcher, value)).toBe(expected);
  });

  it('blocks unless every listed attribute matches, naming the attribute', () => {
    const s = survey({ targeting: { attributes: { plan: { in: ['pro'] }, seats: { gte: 5 } } } });
    expect(evaluate(input({ survey: s, attributes: { plan: 'pro', seats: 5 } })).eligible).toBe(true);
    const verdict = evaluate(input({ survey: s, attributes: { plan: 'pro', seats: 2 } }));
    expect(verdict.blocks[0]).toMatchObject({ rule: 'attributes' });
    expect(verdict.blocks[0]?.reason).toContain('"seats"');
    expect(verdict.nextAt).toBeNull();
  });
});

describe('urls', () => {
  it('shows only on included URLs that are not excluded', () => {
    const s = survey({ targeting: { urls: ['/app/**'], excludeUrls: [{ contains: 'admin' }] } });
    expect(rulesBlocking(input({ survey: s, href: 'https://app.example/app/reports' }))).toEqual([]);
    expect(rulesBlocking(input({ survey: s, href: 'https://app.example/app/admin' }))).toEqual(['urls']);
    expect(rulesBlocking(input({ survey: s, href: 'https://app.example/pricing' }))).toEqual(['urls']);
  });
});

describe('sample', () => {
  it('is deterministic per user and survey, and keeps about the share asked for', () => {
    expect(sampleBucket('u1', 's')).toBe(sampleBucket('u1', 's'));
    expect(sampleBucket('u1', 's')).not.toBe(sampleBucket('u1', 't'));
    const s = survey({ targeting: { sample: 0.3 } });
    const kept = Array.from({ length: 2000 }, (_, i) => evaluate(input({ survey: s, userKey: `user-${i}` })).eligible).filter(Boolean).length;
    expect(kept).toBeGreaterThan(2000 * 0.25);
    expect(kept).toBeLessThan(2000 * 0.35);
    const user = Array.from({ length: 50 }, (_, i) => `u${i}`).find((u) => sampleBucket(u, 's') >= 0.3)!;
    for (let i = 0; i < 3; i++) expect(rulesBlocking(input({ survey: s, userKey: user }))).toEqual(['sample']);
  });
});

describe('one prompt at a time, across tabs', () => {
  it('an open impression of any survey blocks, until it goes stale', () => {
    const open = { ...seen('other', 0, 'open'), shownAt: NOW - 60_000 };
    const verdict = evaluate(input({ history: [open], globalRecontactDays: 0 }));
    expect(verdict.blocks.map((b) => b.rule)).toEqual(['one-at-a-time']);
    expect(verdict.nextAt).toBe(open.shownAt + OPEN_IMPRESSION_TTL_MS);
  });
});

describe('answered: the survey recontact window', () => {
  it('without recontactDays, an answered survey never comes back', () => {
    const verdict = evaluate(input({ history: [seen('s', 400, 'answered')] }));
    expect(verdict.blocks.map((b) => b.rule)).toEqual(['recontact']);
    expect(verdict.nextAt).toBeNull();
  });
  it('with recontactDays, it comes back after that many days', () => {
    const s = survey({ frequency: { recontactDays: 90 } });
    expect(evaluate(input({ survey: s, history: [seen('s', 89, 'answered')] })).nextAt).toBe(NOW + DAY_MS);
    expect(evaluate(input({ survey: s, history: [seen('s', 91, 'answered')] })).eligible).toBe(true);
  });
});

describe('dismissed: the cooldown', () => {
  it('waits dismissCooldownDays (default 30) after a dismissal, not the recontact window', () => {
    expect(rulesBlocking(input({ history: [seen('s', 29, 'dismissed')] }))).toEqual(['dismiss-cooldown']);
    expect(evaluate(input({ history: [seen('s', 31, 'dismissed')] })).eligible).toBe(true);
    const s = survey({ frequency: { dismissCooldownDays: 2 } });
    expect(evaluate(input({ survey: s, history: [seen('s', 3, 'dismissed')] })).eligible).toBe(true);
  });
});

describe('ignored: comes back, up to a cap', () => {
  it('comes back after ignoredCooldownDays (default 1)', () => {
    expect(rulesBlocking(input({ history: [seen('s', 0.5, 'ignored')] }))).toEqual(['ignored']);
    expect(evaluate(input({ history: [seen('s', 1.5, 'ignored')] })).eligible).toBe(true);
  });
  it('stops after maxIgnored unanswered impressions (default 3); a stale open one counts as ignored', () => {
    const twoIgnored = [seen('s', 10, 'ignored'), seen('s', 5, 'ignored')];
    expect(evaluate(input({ history: twoIgnored })).eligible).toBe(true);
    const verdict = evaluate(input({ history: [...twoIgnored, seen('s', 2, 'open')] }));
    expect(verdict.blocks.map((b) => b.rule)).toEqual(['ignored']);
    expect(verdict.nextAt).toBeNull();
    expect(evaluate(input({ survey: survey({ frequency: { maxIgnored: 5 } }), history: [...twoIgnored, seen('s', 2, 'ignored')] })).eligible).toBe(true);
  });
});

describe('maxDisplays', () => {
  it('caps impressions whatever their outcome', () => {
    const s = survey({ frequency: { maxDisplays: 2, recontactDays: 0, dismissCooldownDays: 0 } });
    const history = [seen('s', 50, 'dismissed'), seen('s', 40, 'answered')];
    expect(rulesBlocking(input({ survey: s, history }))).toEqual(['max-displays']);
    expect(evaluate(input({ survey: s, history: history.slice(0, 1) })).eligible).toBe(true);
  });
});

describe('global recontact', () => {
  it('keeps other surveys away for recontactDays after any survey was shown', () => {
    const history = [seen('other', 13, 'answered')];
    const verdict = evaluate(input({ history }));
    expect(verdict.blocks.map((b) => b.rule)).toEqual(['global-recontact']);
    expect(verdict.nextAt).toBe(NOW + DAY_MS);
    expect(evaluate(input({ history, globalRecontactDays: 7 })).eligible).toBe(true);
  });
  it('does not apply to the same survey (its own rules do)', () => {
    expect(evaluate(input({ history: [seen('s', 2, 'ignored')] })).eligible).toBe(true);
  });
});

describe('evaluate', () => {
  it('lists every blocking rule, and the time they have all lifted', () => {
    const s = survey({ frequency: { recontactDays: 30 } });
    const verdict = evaluate(input({ survey: s, history: [seen('s', 20, 'answered'), seen('other', 10, 'dismissed')] }));
    expect(verdict.blocks.map((b) => b.rule)).toEqual(['recontact', 'global-recontact']);
    expect(verdict.nextAt).toBe(NOW + 10 * DAY_MS);
  });
});
