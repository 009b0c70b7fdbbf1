import type { Survey, Trigger } from '../schema/survey.js';
import { clickTrigger } from './clickTrigger.js';
import { eventTrigger } from './eventTrigger.js';
import { exitIntentTrigger } from './exitIntentTrigger.js';
import { pageviewTrigger } from './pageviewTrigger.js';
import { scrollTrigger } from './scrollTrigger.js';
import { timeTrigger } from './timeTrigger.js';
import type { AnyTriggerKind, Signal, TriggerContext, TriggerKind } from './types.js';

/** Every trigger kind core knows, in the order their listeners start. */
export const TRIGGER_KINDS: readonly AnyTriggerKind[] = [
  eventTrigger,
  pageviewTrigger,
  clickTrigger,
  exitIntentTrigger,
  scrollTrigger,
  timeTrigger,
];

/** The kind object for `trigger`. */
export function kindOf(trigger: Trigger): TriggerKind {
  return TRIGGER_KINDS.find((candidate) => candidate.on === trigger.on) as TriggerKind;
}

/**
 * The first of `survey`'s triggers that `signal` fires, with its index, or
 * null. `count(index)` backs `nth`: it is asked only for triggers whose
 * event and `where` match.
 */
export function matchTriggers(
  survey: Survey,
  signal: Signal,
  count: (index: number) => number = () => 1,
): { readonly trigger: Trigger; readonly index: number } | null {
  let first: { readonly trigger: Trigger; readonly index: number } | null = null;
  // Every trigger is matched, not just up to the first hit, so each `nth` counter sees every occurrence.
  for (const [index, trigger] of survey.triggers.entries()) {
    const context: TriggerContext = { count: () => count(index) };
    if (kindOf(trigger).match(trigger, signal, context)) first ??= { trigger, index };
  }
  return first;
}

/** A short human description of a trigger, for `explain()` and the debug log. */
export function describeTrigger(trigger: Trigger): string {
  return kindOf(trigger).describe(trigger);
}
