import type { Trigger } from '../schema/survey.js';
import type { TriggerKind } from './types.js';
import { dev } from '../dev.js';

type ClickTrigger = Extract<Trigger, { on: 'click' }>;

/**
 * `{ on: 'click', selector }`: fires on a click on, or inside, an element
 * matching `selector`. One delegated listener serves every click trigger, so
 * elements added after `init` count too.
 */
export const clickTrigger: TriggerKind<ClickTrigger> = {
  on: 'click',
  match(trigger, signal) {
    if (signal.type !== 'click') return false;
    try {
      return signal.closest(trigger.selector);
    } catch {
      // An invalid selector never matches; explain() shows the selector to fix.
      return false;
    }
  },
  listen: (page, emit) => page.onClick((closest) => emit({ type: 'click', closest })),
  describe: (trigger) => dev(() => `click on ${trigger.selector}`),
};
