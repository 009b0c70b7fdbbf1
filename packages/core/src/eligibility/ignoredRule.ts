import { outcomeAt } from './impression.js';
import { PASS, type EligibilityRule } from './types.js';
import { DAY_MS, FREQUENCY_DEFAULTS } from '../defaults.js';
import { dev } from '../dev.js';

/**
 * A prompt left unanswered (the page was left, or it timed out in another
 * tab) comes back after `frequency.ignoredCooldownDays` (default 1), until it
 * has been ignored `frequency.maxIgnored` times (default 3). An inline survey
 * scrolled past is page content left alone, not an ignored prompt: not counted.
 */
export const ignoredRule: EligibilityRule = {
  name: 'ignored',
  check({ survey, history, now }) {
    const ignored = history.filter((i) => i.surveyId === survey.id && !i.inline && outcomeAt(i, now) === 'ignored');
    const max = survey.frequency?.maxIgnored ?? FREQUENCY_DEFAULTS.maxIgnored;
    if (ignored.length >= max) return { ok: false, reason: dev(() => `left unanswered ${ignored.length} times (frequency.maxIgnored is ${max})`) };
    const last = ignored.at(-1);
    if (!last) return PASS;
    const days = survey.frequency?.ignoredCooldownDays ?? FREQUENCY_DEFAULTS.ignoredCooldownDays;
    const until = (last.endedAt ?? last.shownAt) + days * DAY_MS;
    return until > now ? { ok: false, reason: dev(() => `left unanswered; frequency.ignoredCooldownDays is ${days}`), until } : PASS;
  },
};
