/** Everything that changes how fast this tab sends. */
export type PaceEvent =
  | { readonly type: 'delivered' }
  /** A retryable failure: nothing before `at`, then one record as a probe. After a timeout, the next send waits longer. */
  | { readonly type: 'retry'; readonly at: number; readonly timedOut?: boolean }
  /** 413 on `sent` records: halve. */
  | { readonly type: 'too-large'; readonly sent: number }
  /** A permanent rejection of `sent` records: try them one by one to find the culprit. */
  | { readonly type: 'rejected'; readonly sent: number }
  /** A single record went to the dead-letter store. */
  | { readonly type: 'dead-lettered' }
  /** 401/403: wait until `until`, then probe. */
  | { readonly type: 'paused'; readonly until: number }
  /** The network came back: this tab's backoff no longer applies (a pause still does). */
  | { readonly type: 'online' }
  /** Config changed: start afresh. */
  | { readonly type: 'resume' };

/** This tab's sending pace: its backoff gate, probe mode, batch size and pause. */
export interface Pace {
  readonly paused: boolean;
  /** Nothing is sent before this time (epoch ms); 0 when not held. */
  readonly holdUntil: number;
  /** How long the next send waits for an answer. */
  readonly timeoutMs: number;
  /** Records the next claim may take. */
  limit(): number;
  /** The one place the pace changes. */
  dispatch(event: PaceEvent): void;
}

/**
 * Creates the pace for batches of at most `batchSize` records, whose sends
 * wait `timeout.firstMs` for an answer at first. A server that answers later
 * than that never gets an answer through (every send times out and is sent
 * again, storing it anew each time), so each timeout doubles the wait, up to
 * `timeout.capMs`. It stays grown: the endpoint was that slow on this page.
 */
export function createPace(batchSize: number, timeout: { readonly firstMs: number; readonly capMs: number }): Pace {
  let paused = false;
  let timeoutMs = timeout.firstMs;
  let holdUntil = 0;
  // After a failure only the head record is sent, as a probe, until one succeeds.
  let probing = false;
  // After a rejected or too-large batch, this many single records are sent.
  let singles = 0;
  let sizeLimit = batchSize;
  return {
    get paused() {
      return paused;
    },
    get holdUntil() {
      return holdUntil;
    },
    get timeoutMs() {
      return timeoutMs;
    },
    limit: () => (probing || singles > 0 ? 1 : sizeLimit),
    dispatch(event) {
      switch (event.type) {
        case 'delivered':
          probing = false;
          paused = false;
          holdUntil = 0;
          if (singles > 0) singles -= 1;
          else sizeLimit = batchSize;
          return;
        case 'retry':
          probing = true;
          holdUntil = event.at;
          if (event.timedOut) timeoutMs = Math.min(timeout.capMs, timeoutMs * 2);
          return;
        case 'too-large':
          sizeLimit = Math.max(1, Math.floor(event.sent / 2));
          return;
        case 'rejected':
          singles = event.sent;
          return;
        case 'dead-lettered':
          if (singles > 0) singles -= 1;
          return;
        case 'paused':
          paused = true;
          probing = true;
          holdUntil = event.until;
          return;
        case 'online':
          if (!paused) holdUntil = 0;
          return;
        case 'resume':
          // Still one record at a time until a send succeeds: the new credentials may be wrong too.
          paused = false;
          holdUntil = 0;
          return;
      }
    },
  };
}
