/**
 * How the facade forwards each client verb before and after `init`:
 * - `queue`: called before `init`, it is queued and replayed in order; returns nothing.
 * - `promise`: queued like `queue`; returns a promise of the replayed call's result.
 * - `listener`: registered on the facade, attached to every client it creates; returns the unsubscribe.
 * - `read`: answered by the client, or `null` before `init`.
 *
 * Forwarding a new core verb is one line here (e.g. `consent: 'queue'`,
 * `explain: 'promise'`, `getDeliveryState: 'read'`); the facade's type follows.
 */
export const FORWARDED = {
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

/** A client verb the facade forwards. */
export type ForwardedMethod = keyof typeof FORWARDED;

/**
 * Every method the async snippet placeholders and queues until the bundle loads, in
 * the order the snippet defines them. The snippet is built from this list.
 */
export const SNIPPET_METHODS: readonly string[] = ['init', ...Object.keys(FORWARDED), 'mountSurvey', 'destroy'];
