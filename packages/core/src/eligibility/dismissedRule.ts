import { DAY_MS, FREQUENCY_DEFAULTS } from '../defaults.js';
import type { EligibilityRule } from './types.js';
import { dev } from '../dev.js';

/** After a dismissal ("Close"), the survey waits `frequency.dismissCooldownDays` (default 30). */
export const dismissedRule: EligibilityRule = {
  name: 'dismiss-cooldown',
  check({ survey, history, now }) {
    const last = history.filter((i) => i.surveyId === survey.id && i.outcome === 'dismissed').at(-1);
    const days = survey.frequency?.dismissCooldownDays ?? FREQUENCY_DEFAULTS.dismissCooldownDays;
    const until = last ? (last.endedAt ?? last.shownAt) + days * DAY_MS : 0;
    return until > now ? { ok: false, reason: dev(() => `dismissed; frequency.dismissCooldownDays is ${days}`), until } : { ok: true };
  },
};
