import type { Trigger } from '../schema/survey.js';
import type { TriggerKind } from './types.js';
import { TIME_TICK_MS } from '../defaults.js';
import { dev } from '../dev.js';

type TimeTrigger = Extract<Trigger, { on: 'time' }>;

/**
 * `{ on: 'time', seconds }`: fires once per page after `seconds` of visible
 * time. The count pauses while the tab is hidden and restarts on an SPA route
 * change.
 */
export const timeTrigger: TriggerKind<TimeTrigger> = {
  on: 'time',
  match: (trigger, signal) => signal.type === 'time' && signal.previous < trigger.seconds && signal.seconds >= trigger.seconds,
  listen(page, emit) {
    let seconds = 0;
    let timer: unknown = null;
    const tick = () => {
      timer = null;
      seconds += TIME_TICK_MS / 1000;
      emit({ type: 'time', seconds, previous: seconds - TIME_TICK_MS / 1000 });
      arm();
    };
    const arm = () => {
      if (timer === null && page.isVisible()) timer = page.setTimeout(tick, TIME_TICK_MS);
    };
    const pause = () => {
      if (timer !== null) page.clearTimeout(timer);
      timer = null;
    };
    const offVisibility = page.onVisibilityChange(() => (page.isVisible() ? arm() : pause()));
    const offNavigate = page.onNavigate(() => {
      seconds = 0;
      pause();
      arm();
    });
    emit({ type: 'time', seconds: 0, previous: -1 });
    arm();
    return () => {
      pause();
      offVisibility();
      offNavigate();
    };
  },
  describe: (trigger) => dev(() => `${trigger.seconds} s of visible time on the page`),
};
