import { describeUrlRule, matchUrlLists } from '../triggers/matchUrl.js';
import { PASS, type EligibilityRule } from './types.js';
import { dev } from '../dev.js';

/** `targeting.urls` / `targeting.excludeUrls`: the page the user is on must be listed, and not excluded. */
export const urlsRule: EligibilityRule = {
  name: 'urls',
  check({ survey, href }) {
    const { urls, excludeUrls } = survey.targeting ?? {};
    if (matchUrlLists(href, urls, excludeUrls)) return PASS;
    const rules = () => [...(urls ?? []).map((r) => `include ${describeUrlRule(r)}`), ...(excludeUrls ?? []).map((r) => `exclude ${describeUrlRule(r)}`)];
    return { ok: false, reason: dev(() => `this page (${href}) is not targeted: ${rules().join('; ')}`) };
  },
};
