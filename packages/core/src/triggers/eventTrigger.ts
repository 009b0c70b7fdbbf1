import type { Trigger } from '../schema/survey';
import type { TriggerKind } from './types';

type EventTrigger = Extract<Trigger, { on: 'event' }>;

/** `{ on: 'event', event, where? }`: fires on `track(event, props)` when every `where` property is equal. */
export const eventTrigger: TriggerKind<EventTrigger> = {
  on: 'event',
  match(trigger, signal) {
    if (signal.type !== 'event' || signal.name !== trigger.event) return false;
    if (!trigger.where) return true;
    return Object.entries(trigger.where).every(([key, value]) => Object.is(signal.props[key], value));
  },
};
