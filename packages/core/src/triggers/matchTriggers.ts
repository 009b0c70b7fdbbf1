import type { Survey, Trigger } from '../schema/survey';
import { eventTrigger } from './eventTrigger';
import type { AnyTriggerKind, Signal, TriggerKind } from './types';

/** Every trigger kind core knows how to match. */
export const TRIGGER_KINDS: readonly AnyTriggerKind[] = [eventTrigger];

/** The first of `survey`'s triggers that `signal` fires, or null. */
export function matchTriggers(survey: Survey, signal: Signal): Trigger | null {
  for (const trigger of survey.triggers) {
    const kind = TRIGGER_KINDS.find((candidate) => candidate.on === trigger.on) as TriggerKind | undefined;
    if (kind?.match(trigger, signal)) return trigger;
  }
  return null;
}
