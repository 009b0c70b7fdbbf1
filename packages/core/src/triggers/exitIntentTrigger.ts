import type { Trigger } from '../schema/survey.js';
import type { TriggerKind } from './types.js';
import { dev } from '../dev.js';

type ExitIntentTrigger = Extract<Trigger, { on: 'exit-intent' }>;

/**
 * `{ on: 'exit-intent' }`: fires when the pointer leaves through the top of
 * the viewport (towards the tab bar or the address bar). Desktop only: the
 * page view never reports it on touch-only devices.
 */
export const exitIntentTrigger: TriggerKind<ExitIntentTrigger> = {
  on: 'exit-intent',
  match: (_trigger, signal) => signal.type === 'exit-intent',
  listen: (page, emit) => page.onExitIntent(() => emit({ type: 'exit-intent' })),
  describe: () => dev(() => 'exit intent (pointer leaving through the top of the window)'),
};
