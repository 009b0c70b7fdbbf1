import { describe, expect, it } from 'vitest';
import { HarkError } from '@hark/core';
import { ces, csat, nps, scoreDistribution } from '@hark/core/schema';

describe('nps(scores)', () => {
  it('is % promoters − % detractors, with the counts (hand-computed)', () => {
    // 10, 9, 9 promoters; 8, 7 passives; 6, 3, 0 detractors → 3/8 − 3/8 = 0.
    expect(nps([10, 9, 9, 8, 7, 6, 3, 0])).toEqual({
      score: 0,
      responses: 8,
      promoters: 3,
      passives: 2,
      detractors: 3,
      distribution: [1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 1],
    });
    // 4 promoters, 1 passive, 0 detractors of 5 → 80.
    expect(nps([9, 10, 10, 9, 7]).score).toBe(80);
    // 1 promoter, 3 detractors of 4 → 25 − 75 = −50.
    expect(nps([9, 0, 6, 5]).score).toBe(-50);
    // 1 promoter, 1 passive, 1 detractor → 0; 2 of 3 promoters → 66.67.
    expect(nps([9, 7, 6]).score).toBe(0);
    expect(nps([9, 10, 6]).score).toBeCloseTo(33.333, 3);
  });

  it('has no score for no responses', () => {
    expect(nps([])).toEqual({ score: null, responses: 0, promoters: 0, passives: 0, detractors: 0, distribution: new Array(11).fill(0) });
  });

  it('is 0 when everyone is passive, 100 for all promoters and −100 for all detractors', () => {
    expect(nps([7, 8, 8, 7])).toMatchObject({ score: 0, passives: 4, promoters: 0, detractors: 0 });
    expect(nps([9, 10]).score).toBe(100);
    expect(nps([0, 6, 3]).score).toBe(-100);
  });

  it('bands another scale proportionally (1–5: 1–3 detractor, 4 passive, 5 promoter)', () => {
    expect(nps([5, 4, 3, 1], { min: 1, max: 5 })).toMatchObject({ score: -25, promoters: 1, passives: 1, detractors: 2 });
  });
});

describe('csat(scores)', () => {
  it('is the % of 4–5 answers (hand-computed)', () => {
    expect(csat([5, 4, 3, 2, 1])).toEqual({ score: 40, responses: 5, satisfied: 2, distribution: [1, 1, 1, 1, 1] });
    expect(csat([5, 5, 4, 3]).score).toBe(75);
    expect(csat([3, 3]).score).toBe(0);
  });
  it('has no score for no responses', () => {
    expect(csat([])).toEqual({ score: null, responses: 0, satisfied: 0, distribution: [0, 0, 0, 0, 0] });
  });
});

describe('ces(scores)', () => {
  it('is the mean with the distribution over 1–7 (hand-computed)', () => {
    expect(ces([7, 5, 4, 2])).toEqual({ score: 4.5, responses: 4, distribution: [0, 1, 0, 1, 1, 0, 1] });
    expect(ces([1]).score).toBe(1);
  });
  it('has no score for no responses', () => {
    expect(ces([])).toEqual({ score: null, responses: 0, distribution: [0, 0, 0, 0, 0, 0, 0] });
  });
});

describe('bad input', () => {
  it('names the offending score instead of skewing the result', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => nps([9, 11]), 'scores[1]'],
      [() => nps([9, 8.5]), 'scores[1]'],
      [() => csat([0]), 'scores[0]'],
      [() => ces([4, 4, Number.NaN]), 'scores[2]'],
      [() => ces(['4' as unknown as number]), 'scores[0]'],
      [() => nps('9' as unknown as number[]), 'scores'],
      [() => nps([1], { min: 5, max: 5 }), 'scale'],
    ];
    for (const [call, field] of cases) {
      let caught: unknown;
      try {
        call();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(HarkError);
      expect(caught).toMatchObject({ code: 'invalid_argument', field });
    }
  });
});

describe('scoreDistribution(kind, counts, scale)', () => {
  it('gives what nps, csat and ces give for the same answers, on default and custom scales', () => {
    expect(scoreDistribution('nps', [1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 1])).toEqual(nps([10, 9, 9, 8, 7, 6, 3, 0]));
    expect(scoreDistribution('csat', [1, 0, 1, 2, 1])).toEqual(csat([1, 3, 4, 4, 5]));
    expect(scoreDistribution('ces', [0, 1, 0, 0, 0, 2, 1])).toEqual(ces([2, 6, 6, 7]));
    expect(scoreDistribution('nps', [2, 0, 1, 1, 3], { min: 1, max: 5 })).toEqual(nps([1, 1, 3, 4, 5, 5, 5], { min: 1, max: 5 }));
    expect(scoreDistribution('csat', [0, 0, 0, 0, 0])).toMatchObject({ score: null, responses: 0 });
  });

  it.each([
    ['too few counts', [1, 2, 3], undefined, 'distribution'],
    ['a negative count', [1, 0, -1, 0, 0], undefined, 'distribution'],
    ['a fractional count', [1, 0, 0.5, 0, 0], undefined, 'distribution'],
    ['a reversed scale', [1, 1], { min: 5, max: 1 }, 'scale'],
  ])('rejects %s with a HarkError naming the field', (_, counts, scale, field) => {
    let error: unknown;
    try {
      scoreDistribution('csat', counts, scale);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HarkError);
    expect(error).toMatchObject({ code: 'invalid_argument', field });
  });
});
