import { DAY_MS, FREQUENCY_DEFAULTS } from '../defaults.js';
import { PASS, type EligibilityRule } from './types.js';
import { dev } from '../dev.js';

/**
 * Config `recontactDays` (default 14): after any floating survey is shown, no
 * other floating survey appears for that long. Inline impressions do not count.
 */
export const globalRecontactRule: EligibilityRule = {
  name: 'global-recontact',
  check({ survey, history, now, globalRecontactDays }) {
    const last = history.filter((i) => i.surveyId !== survey.id && !i.inline).at(-1);
    if (!last) return PASS;
    const until = last.shownAt + globalRecontactDays * DAY_MS;
    if (until <= now) return PASS;
    return { ok: false, reason: dev(() => `survey "${last.surveyId}" was shown recently; config recontactDays is ${globalRecontactDays}`), until };
  },
};
