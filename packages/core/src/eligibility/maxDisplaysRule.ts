import { PASS, type EligibilityRule } from './types.js';
import { dev } from '../dev.js';

/** `frequency.maxDisplays`: the survey is shown at most this many times, whatever the outcome. */
export const maxDisplaysRule: EligibilityRule = {
  name: 'max-displays',
  check({ survey, history }) {
    const max = survey.frequency?.maxDisplays;
    if (max === undefined) return PASS;
    const shown = history.filter((i) => i.surveyId === survey.id).length;
    return shown < max ? PASS : { ok: false, reason: dev(() => `shown ${shown} times (frequency.maxDisplays is ${max})`) };
  },
};
