import { describe, expect, it } from 'vitest';
import { meanInterval, MIN_ANSWERS_FOR_INTERVAL, npsInterval, tQuantile95, wilsonInterval } from '@hark/collector';

// The reference values come from SciPy 1.17 (stats.binomtest(...).proportion_ci(method='wilson'),
// stats.t.ppf, stats.t.interval) and, for NPS, from the adjusted Wald formula of Rocks (2016)
// worked by hand: n' = n + 3, p = (P + 0.75) / n', d = (D + 0.75) / n', (p − d) ± 1.96·√((p + d − (p − d)²) / n').

const close = (actual: { low: number; high: number } | null, low: number, high: number, digits = 6) => {
  expect(actual).not.toBeNull();
  expect(actual!.low).toBeCloseTo(low, digits);
  expect(actual!.high).toBeCloseTo(high, digits);
};

describe('confidence intervals', () => {
  it('CSAT: the Wilson score interval of the share of high answers, in %', () => {
    close(wilsonInterval(0, 10), 0, 27.753279986288927);
    close(wilsonInterval(5, 10), 23.6593090512564, 76.3406909487436);
    close(wilsonInterval(81, 263), 25.528851987827423, 36.62095769828);
    close(wilsonInterval(10, 10), 72.24672001371108, 100);
  });

  it("NPS: Rocks's adjusted Wald interval, kept within −100..100", () => {
    close(npsInterval(5, 3, 2), -19.05061537636367, 65.20446153020983);
    close(npsInterval(120, 50, 30), 34.13541917902663, 54.53453155988963);
    // All promoters: the adjusted centre is below 100, and the interval is cut at 100.
    close(npsInterval(10, 0, 0), 47.5035515447902, 100);
  });

  it("CES: Student's t interval of the mean, from the distribution", () => {
    expect(tQuantile95(9)).toBeCloseTo(2.262157162798205, 4);
    expect(tQuantile95(29)).toBeCloseTo(2.045229642132703, 5);
    expect(tQuantile95(100)).toBeCloseTo(1.9839715185235518, 6);
    close(meanInterval([1, 2, 3, 4, 5, 6, 7], { min: 1, max: 7 }), 4.316056494506572, 5.683943505493428, 3);
    close(meanInterval([0, 0, 2, 3, 5, 0, 0], { min: 1, max: 7 }), 3.7110662584135135, 4.888933741586486, 3);
    // Everyone answered 7: no spread, and the interval stays on the scale.
    close(meanInterval([0, 0, 0, 0, 0, 0, 12], { min: 1, max: 7 }), 7, 7);
  });

  it(`gives none below ${MIN_ANSWERS_FOR_INTERVAL} answers ("too few answers")`, () => {
    expect(npsInterval(5, 2, 2)).toBeNull();
    expect(wilsonInterval(4, 9)).toBeNull();
    expect(meanInterval([9, 0, 0, 0, 0, 0, 0], { min: 1, max: 7 })).toBeNull();
    expect(npsInterval(5, 3, 2)).not.toBeNull();
  });
});
