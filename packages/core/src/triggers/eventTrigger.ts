import type { Trigger } from '../schema/survey.js';
import type { TriggerKind } from './types.js';
import { toJson } from '../toJson.js';
import { dev } from '../dev.js';

type EventTrigger = Extract<Trigger, { on: 'event' }>;

/**
 * `{ on: 'event', event, where?, nth? }`: fires on `track(event, props)` when
 * every `where` property is equal; with `nth`, from the nth such occurrence on
 * (counted per user, across reloads).
 */
export const eventTrigger: TriggerKind<EventTrigger> = {
  on: 'event',
  match(trigger, signal, context) {
    if (signal.type !== 'event' || signal.name !== trigger.event) return false;
    if (trigger.where && !Object.entries(trigger.where).every(([key, value]) => Object.is(signal.props[key], value))) return false;
    return trigger.nth === undefined || context.count() >= trigger.nth;
  },
  describe: (trigger) =>
    dev(() => `event "${trigger.event}"${trigger.where ? ` where ${toJson(trigger.where)}` : ''}${trigger.nth ? ` (occurrence ${trigger.nth} on)` : ''}`),
};
