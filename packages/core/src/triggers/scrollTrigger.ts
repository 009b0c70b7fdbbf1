import type { Trigger } from '../schema/survey.js';
import type { TriggerKind } from './types.js';
import { dev } from '../dev.js';

type ScrollTrigger = Extract<Trigger, { on: 'scroll' }>;

/**
 * `{ on: 'scroll', percent }`: fires once per page when the deepest scroll
 * point first reaches `percent` of the page. An SPA route change starts over.
 */
export const scrollTrigger: TriggerKind<ScrollTrigger> = {
  on: 'scroll',
  match: (trigger, signal) => signal.type === 'scroll' && signal.previous < trigger.percent && signal.percent >= trigger.percent,
  listen(page, emit) {
    let deepest = 0;
    const offScroll = page.onScroll(() => {
      const percent = page.scrollPercent();
      if (percent <= deepest) return;
      const previous = deepest;
      deepest = percent;
      emit({ type: 'scroll', percent, previous });
    });
    const offNavigate = page.onNavigate(() => {
      deepest = 0;
    });
    return () => {
      offScroll();
      offNavigate();
    };
  },
  describe: (trigger) => dev(() => `scrolling ${trigger.percent}% down the page`),
};
