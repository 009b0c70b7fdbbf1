import { outcomeAt } from './impression.js';
import { PASS, type EligibilityRule } from './types.js';
import { OPEN_IMPRESSION_TTL_MS } from '../defaults.js';
import { dev } from '../dev.js';

/**
 * One floating prompt at a time, in one tab at a time: a floating impression
 * still open anywhere blocks every floating survey. Inline surveys are page
 * content: theirs never block.
 */
export const onScreenRule: EligibilityRule = {
  name: 'one-at-a-time',
  check({ history, now }) {
    const open = history.find((impression) => !impression.inline && outcomeAt(impression, now) === 'open');
    if (!open) return PASS;
    return { ok: false, reason: dev(() => `survey "${open.surveyId}" is on screen (in this tab or another)`), until: open.shownAt + OPEN_IMPRESSION_TTL_MS };
  },
};
