import type { Trigger } from '../schema/survey';

/** Something that happened in the host app, which triggers are matched against. */
export type Signal = { readonly type: 'event'; readonly name: string; readonly props: Readonly<Record<string, unknown>> };

/** One trigger kind: a plain object in the `TRIGGER_KINDS` array. */
export interface TriggerKind<T extends Trigger = Trigger> {
  readonly on: T['on'];
  /** True when `signal` fires `trigger`. Pure. */
  match(trigger: T, signal: Signal): boolean;
}

/** Any one of the trigger kinds. */
export type AnyTriggerKind = { [K in Trigger['on']]: TriggerKind<Extract<Trigger, { on: K }>> }[Trigger['on']];
