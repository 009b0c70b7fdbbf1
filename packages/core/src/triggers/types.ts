import type { Platform } from '../platform/platform.js';
import type { Trigger } from '../schema/survey.js';

/** Something that happened in the host app or on the page, which triggers are matched against. */
export type Signal =
  | { readonly type: 'event'; readonly name: string; readonly props: Readonly<Record<string, unknown>> }
  | { readonly type: 'pageview'; readonly href: string }
  | { readonly type: 'click'; readonly closest: (selector: string) => boolean }
  | { readonly type: 'exit-intent' }
  /** `percent` is the deepest point reached on this page; `previous` the deepest before this scroll. */
  | { readonly type: 'scroll'; readonly percent: number; readonly previous: number }
  /** Visible seconds on this page, now and at the previous tick. */
  | { readonly type: 'time'; readonly seconds: number; readonly previous: number };

/** What a kind may ask of the engine while matching. */
export interface TriggerContext {
  /** Records one more occurrence of this trigger (persisted, per user) and returns the total so far. */
  count(): number;
}

/** One trigger kind: a plain object in the `TRIGGER_KINDS` array. */
export interface TriggerKind<T extends Trigger = Trigger> {
  readonly on: T['on'];
  /** True when `signal` fires `trigger`. Pure apart from `context.count()`. */
  match(trigger: T, signal: Signal, context: TriggerContext): boolean;
  /**
   * Starts the page listeners that produce this kind's signals; returns the
   * cleanup. Called only while some survey uses the kind.
   */
  listen?(page: Platform, emit: (signal: Signal) => void): () => void;
  /** A short human description, for `explain()`. */
  describe(trigger: T): string;
}

/** Any one of the trigger kinds. */
export type AnyTriggerKind = { [K in Trigger['on']]: TriggerKind<Extract<Trigger, { on: K }>> }[Trigger['on']];
