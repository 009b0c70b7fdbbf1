import { describeUrlRule, matchUrlLists } from './matchUrl.js';
import type { Trigger } from '../schema/survey.js';
import type { TriggerKind } from './types.js';

type PageviewTrigger = Extract<Trigger, { on: 'pageview' }>;

/**
 * `{ on: 'pageview', url?, exclude? }`: fires on the first load and on every
 * SPA route change (pushState, replaceState, popstate, hashchange) whose URL
 * matches `url` (one rule or a list, any may match) and none of `exclude`.
 */
export const pageviewTrigger: TriggerKind<PageviewTrigger> = {
  on: 'pageview',
  match(trigger, signal) {
    if (signal.type !== 'pageview') return false;
    const include = trigger.url === undefined ? undefined : Array.isArray(trigger.url) ? trigger.url : [trigger.url];
    return matchUrlLists(signal.href, include, trigger.exclude);
  },
  listen(page, emit) {
    emit({ type: 'pageview', href: page.href() });
    return page.onNavigate((href) => emit({ type: 'pageview', href }));
  },
  describe(trigger) {
    const include = trigger.url === undefined ? [] : Array.isArray(trigger.url) ? trigger.url : [trigger.url];
    const on = include.length ? include.map(describeUrlRule).join(' or ') : 'any page';
    return `pageview on ${on}${trigger.exclude?.length ? `, except ${trigger.exclude.map(describeUrlRule).join(', ')}` : ''}`;
  },
};
