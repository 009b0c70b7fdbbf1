import { HarkError } from '../errors.js';
import type { Outcome } from './sendOutcome.js';
import { retryDelay } from './retry.js';
import type { DeliveryOptions, FlushResult } from './deliveryTypes.js';
import type { OutboxEntry } from './entry.js';
import type { HideSender } from './hideSend.js';
import type { Pace } from './pace.js';

/** What applying a send's outcome needs from the delivery loop. */
export interface OutcomeContext {
  /** The loop's options: outbox, clock, settings, owner, and where records and faults are told. */
  readonly options: DeliveryOptions;
  /** This tab's sending pace, told about every outcome. */
  readonly pace: Pace;
  /** The page-hide sender, which forgets records once they are delivered or dead. */
  readonly hide: HideSender;
  /** Runs the next drain at `at` (epoch ms). */
  readonly schedule: (at: number) => void;
  /** Reports records moved to the dead-letter store, then marks them reported. */
  readonly reportDead: (error: HarkError, ids: readonly string[]) => Promise<void>;
}

/**
 * The outcome table's verdicts, applied to the records of one send: delete,
 * release for a retry, halve, pause or dead-letter. The function it returns
 * resolves with a result to stop the drain, or null to go on.
 */
export function createOutcomeApplier({ options, pace, hide, schedule, reportDead }: OutcomeContext) {
  const { outbox, clock, settings, owner } = options;
  const scheduled = (at: number): FlushResult => {
    schedule(at);
    return { status: 'scheduled', nextAttemptAt: at };
  };

  /** Applies the outcome table's verdict. Returns a result to stop the drain, or null to go on. */
  async function apply(entries: readonly OutboxEntry[], outcome: Outcome): Promise<FlushResult | null> {
    const ids = entries.map((entry) => entry.id);
    const records = entries.map((entry) => entry.record);
    const now = clock.now();
    switch (outcome.kind) {
      case 'delivered':
        hide.forget(ids);
        await outbox.remove(ids);
        pace.dispatch({ type: 'delivered' });
        options.onSent(records);
        return null;
      case 'retry': {
        const attempt = Math.max(...entries.map((entry) => entry.attempts));
        const at = now + retryDelay(outcome, attempt, options.random(), settings.backoff);
        // Attempts made while offline do not count towards expiry.
        await outbox.release(owner, ids, at, outcome.reason, options.isOnline());
        const waited = pace.timeoutMs;
        pace.dispatch({ type: 'retry', at, timedOut: outcome.timedOut });
        if (outcome.timedOut) {
          // It may well have arrived: a server slower than the timeout stores every retry and never answers one.
          const next = pace.timeoutMs;
          options.onError(
            new HarkError('slow_endpoint', `the endpoint did not answer within ${waited} ms; the records are kept and sent again, waiting up to ${next} ms${next > waited ? '' : ' (delivery.timeoutCapMs)'}`, {
              field: 'delivery.timeoutMs',
              details: { timeoutMs: waited, nextTimeoutMs: next },
            }),
          );
        }
        return scheduled(at);
      }
      case 'too-large':
        if (entries.length > 1) {
          pace.dispatch({ type: 'too-large', sent: entries.length });
          await outbox.release(owner, ids, now, 'HTTP 413', false);
          return null;
        }
        await outbox.deadLetter(ids, 'HTTP 413: record too large for the endpoint', now);
        pace.dispatch({ type: 'dead-lettered' });
        await reportDead(new HarkError('delivery_rejected', 'the endpoint answered 413 for a single record; it was moved to the dead-letter store', { details: { status: 413, records } }), ids);
        return null;
      case 'pause': {
        const until = now + settings.backoff.capMs;
        pace.dispatch({ type: 'paused', until });
        await outbox.release(owner, ids, now, outcome.reason, false);
        options.onError(
          outcome.status === null
            ? new HarkError('invalid_config', `${outcome.reason}; every record is kept and delivery is paused`, { field: 'headers' })
            : new HarkError('delivery_paused', `the endpoint answered ${outcome.status}: check the API key in config.headers; every record is kept and delivery is paused`, {
                field: 'headers',
                details: { status: outcome.status },
              }),
        );
        schedule(until);
        return { status: 'paused', nextAttemptAt: until };
      }
      case 'reject':
        if (entries.length > 1) {
          // One bad record must not take its batch-mates with it: retry them one by one.
          pace.dispatch({ type: 'rejected', sent: entries.length });
          await outbox.release(owner, ids, now, `HTTP ${outcome.status}`, false);
          return null;
        }
        await outbox.deadLetter(ids, `HTTP ${outcome.status}`, now);
        pace.dispatch({ type: 'dead-lettered' });
        await reportDead(
          new HarkError('delivery_rejected', `the endpoint rejected a record with HTTP ${outcome.status}; it was moved to the dead-letter store`, {
            details: { status: outcome.status, records },
          }),
          ids,
        );
        return null;
    }
  }

  return apply;
}
