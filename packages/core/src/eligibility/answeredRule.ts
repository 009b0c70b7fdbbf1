import { DAY_MS } from '../defaults.js';
import { PASS, type EligibilityRule } from './types.js';
import { dev } from '../dev.js';

/**
 * After an answer, the survey stays away for `frequency.recontactDays`;
 * without it, an answered survey never comes back. A chosen score counts as
 * an answer from the moment it is stored, before Send or Close.
 */
export const answeredRule: EligibilityRule = {
  name: 'recontact',
  check({ survey, history, now }) {
    const last = history.filter((i) => i.surveyId === survey.id && (i.outcome === 'answered' || i.answeredAt !== undefined)).at(-1);
    if (!last) return PASS;
    const days = survey.frequency?.recontactDays;
    if (days === undefined) return { ok: false, reason: dev(() => 'already answered (set frequency.recontactDays to ask again)') };
    const until = (last.endedAt ?? last.answeredAt ?? last.shownAt) + days * DAY_MS;
    if (until <= now) return PASS;
    return { ok: false, reason: dev(() => `answered; frequency.recontactDays is ${days}`), until };
  },
};
