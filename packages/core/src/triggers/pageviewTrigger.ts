import { describeUrlRule, matchUrlLists } from './matchUrl.js';
import type { Trigger } from '../schema/survey.js';
import type { TriggerKind } from './types.js';
import { dev } from '../dev.js';

type PageviewTrigger = Extract<Trigger, { on: 'pageview' }>;

/** `url` as a list (one rule or several); undefined when the trigger names none, which means every page. */
const includes = ({ url }: PageviewTrigger) => (url === undefined ? undefined : Array.isArray(url) ? url : [url]);

/** Whether a page view of `href` fires `trigger`: its URL rules take the page, none of `exclude` does. */
export const pageviewMatches = (trigger: PageviewTrigger, href: string): boolean => matchUrlLists(href, includes(trigger), trigger.exclude);

/**
 * `{ on: 'pageview', url?, exclude? }`: fires on the first load and on every
 * SPA route change (pushState, replaceState, popstate, hashchange) whose URL
 * matches `url` (one rule or a list, any may match) and none of `exclude`.
 */
export const pageviewTrigger: TriggerKind<PageviewTrigger> = {
  on: 'pageview',
  match(trigger, signal) {
    if (signal.type !== 'pageview') return false;
    return pageviewMatches(trigger, signal.href);
  },
  listen(page, emit) {
    emit({ type: 'pageview', href: page.href() });
    return page.onNavigate((href) => emit({ type: 'pageview', href }));
  },
  describe: (trigger) =>
    dev(() => {
      const include = includes(trigger) ?? [];
      const on = include.length ? include.map(describeUrlRule).join(' or ') : 'any page';
      return `pageview on ${on}${trigger.exclude?.length ? `, except ${trigger.exclude.map(describeUrlRule).join(', ')}` : ''}`;
    }),
};
