import { DAY_MS } from '../history/impression.js';
import { PASS, type EligibilityRule } from './types.js';

/** Default config `recontactDays`: the gap between two different surveys. */
export const DEFAULT_GLOBAL_RECONTACT_DAYS = 14;

/** Config `recontactDays` (default 14): after any survey is shown, no other survey appears for that long. */
export const globalRecontactRule: EligibilityRule = {
  name: 'global-recontact',
  check({ survey, history, now, globalRecontactDays }) {
    const last = history.filter((i) => i.surveyId !== survey.id).at(-1);
    if (!last) return PASS;
    const until = last.shownAt + globalRecontactDays * DAY_MS;
    if (until <= now) return PASS;
    return { ok: false, reason: `survey "${last.surveyId}" was shown recently; config recontactDays is ${globalRecontactDays}`, until };
  },
};
