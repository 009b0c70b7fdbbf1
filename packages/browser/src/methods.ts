/**
 * The verb table: the client verbs `window.hark` forwards, and what each does before `init`:
 * `queue` is held and replayed in order (returns nothing); `promise` too, returning a promise of
 * the replayed call's result; `listener` is kept and attached to every client (returns the
 * unsubscribe); `read` is answered by the client, or `null`. The snippet is built from it.
 */
export const VERBS = {
  identify: 'queue',
  track: 'queue',
  show: 'queue',
  dismiss: 'queue',
  consent: 'queue',
  submit: 'promise',
  flush: 'promise',
  reset: 'promise',
  getDeliveryState: 'promise',
  on: 'listener',
  subscribe: 'listener',
  getState: 'read',
  explain: 'read',
} as const;

/** Every method of `window.hark`, as the async snippet defines and queues them. */
export const SNIPPET_METHODS: readonly string[] = ['init', ...Object.keys(VERBS), 'mountSurvey', 'destroy'];

/** One call made before the bundle loaded (the snippet's) or before `init` (the facade's). */
export interface SnippetCall {
  /** The method name. */
  readonly m: string;
  /** Its arguments. */
  readonly a: unknown[];
  /** Set when the caller cancelled it (called the returned unsubscribe) before replay. */
  x?: 1;
  /** The real unsubscribe, once the bundle has replayed an `on`/`subscribe` call. */
  u?: () => void;
}

/** `window.hark` as the snippet leaves it: placeholder methods plus the queue `q`. */
export interface SnippetPlaceholder {
  /** Calls waiting for the bundle, in call order. */
  q: SnippetCall[];
  [method: string]: unknown;
}
