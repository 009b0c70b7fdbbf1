import { categorize, type CesResult, type CsatResult, type NpsResult, type Scale, type ScoreCategory, type SurveyKind } from '@hark/core';

/**
 * A survey's headline from how many answered each score (index 0 is
 * `scale.min`, every score on the scale): the figures `nps`, `csat` and `ces`
 * from `@hark/core` compute from a list of scores, without needing the list.
 */
export function headline(kind: SurveyKind, distribution: readonly number[], scale: Scale): NpsResult | CsatResult | CesResult {
  const responses = distribution.reduce((sum, count) => sum + count, 0);
  const band = (category: ScoreCategory) =>
    distribution.reduce((sum, count, index) => (categorize(kind, scale.min + index, scale) === category ? sum + count : sum), 0);
  if (kind === 'nps') {
    const promoters = band('promoter');
    const detractors = band('detractor');
    const score = responses === 0 ? null : ((promoters - detractors) / responses) * 100;
    return { score, responses, promoters, passives: responses - promoters - detractors, detractors, distribution };
  }
  if (kind === 'csat') {
    const satisfied = band('high');
    return { score: responses === 0 ? null : (satisfied / responses) * 100, responses, satisfied, distribution };
  }
  const total = distribution.reduce((sum, count, index) => sum + (scale.min + index) * count, 0);
  return { score: responses === 0 ? null : total / responses, responses, distribution };
}
