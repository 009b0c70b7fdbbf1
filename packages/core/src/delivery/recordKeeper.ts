import type { HarkEnvironment } from '../client/environment.js';
import { HarkError, messageOf } from '../errors.js';
import type { FlushResult } from './delivery.js';
import type { Hold } from './entry.js';
import type { Outbox } from './outbox.js';
import { eventRecord, responseRecord, type RecordContext } from './records.js';
import type { HarkConfig } from '../schema/config.js';
import type { ResponseRecord, WireRecord } from '../schema/wire.js';
import type { ActivePrompt, HarkState } from '../client/state.js';
import type { Answer } from '../client/types.js';

/** One answer's response record as last written: rewrites keep its id and context. */
export interface ResponseDraft {
  readonly record: ResponseRecord;
  readonly context: RecordContext;
  /** False when `beforeSend` dropped it: nothing is queued under its id. */
  readonly stored: boolean;
  /** True when a rewrite came too late: the record had already been sent (or tried), so it was left as it was. */
  readonly late?: boolean;
  /** Why the answer is neither stored durably nor sent: kept in memory only, and the endpoint could not be reached. */
  readonly unsent?: string;
}

/**
 * When an answer was given, where and by whom, for an answer written later than it was given (it waited for
 * the delivery code): its record says the page and user it was given on, not those of the moment it is written.
 */
export type Given = Pick<RecordContext, 'now' | 'url' | 'user'>;

/** Turns what happened to a prompt into records, and stores them durably. */
export interface RecordKeeper {
  /** Stores a `shown` or `dismissed` record. */
  event(type: 'shown' | 'dismissed', prompt: ActivePrompt): Promise<WireRecord>;
  /**
   * Stores the answer's response record, or rewrites `draft` (same id) with
   * this score and comment. `hold` keeps it back from delivery (a chosen score
   * waiting for its comment); without one it is final and sent now. Resolves
   * once the write is durable (kept in memory only: once it is delivered, or
   * with `unsent` saying why it could not be), and only then may the UI say thanks.
   */
  response(prompt: ActivePrompt, answer: Answer, draft: ResponseDraft | null, hold: Hold | null, given?: Given): Promise<ResponseDraft>;
}

/** What `createRecordKeeper` needs to stamp a record (user, locale, anonymous id) and store it. */
export interface RecordKeeperOptions {
  /** `beforeSend`, the host's last look at each record. */
  readonly config: HarkConfig;
  /** Record ids, timestamps and the page URL. */
  readonly env: HarkEnvironment;
  /** The session's `ready`: records wait for the anonymous id. */
  readonly ready: Promise<void>;
  /** The current state: the user and the locale stamped on each record. */
  readonly state: () => HarkState;
  /** The device's anonymous id. */
  readonly anonymousId: () => string;
  /** Where records are stored durably. */
  readonly outbox: Promise<Outbox>;
  /** Sends after each write. */
  readonly flush: () => Promise<FlushResult>;
  /** Sends a record kept in memory only at once; resolves with why it could not be, or null. */
  readonly deliverNow: (id: string) => Promise<string | null>;
  /** Where faults go: `on('error')`, and the console in debug mode. */
  readonly report: (error: unknown) => void;
  /** Logs in debug mode only. */
  readonly debug: (message: string) => void;
}

/**
 * Records pass `beforeSend` (which may scrub or drop them; a hook that throws
 * drops it), then the outbox. A response rewritten for its comment passes
 * `beforeSend` again, under the same id.
 */
export function createRecordKeeper({ config, env, ready, state, anonymousId, outbox, flush, deliverNow, report, debug }: RecordKeeperOptions): RecordKeeper {
  async function context(given?: Given): Promise<RecordContext> {
    await ready;
    const { user, locale } = state();
    // seq 0 is a placeholder: the outbox stamps the per-device number inside the write transaction.
    return { id: env.uuid(), seq: 0, now: env.platform.now(), anonymousId: anonymousId(), user, url: env.platform.href() || undefined, locale, ...given };
  }

  /** The record as `beforeSend` leaves it, or null when dropped. */
  function screen<R extends WireRecord>(record: R): R | null {
    if (!config.beforeSend) return record;
    let kept: WireRecord | null | undefined;
    try {
      kept = config.beforeSend(structuredClone(record));
    } catch (error) {
      report(new HarkError('invalid_argument', `beforeSend threw, so record ${record.id} was dropped: ${messageOf(error)}`, { field: 'beforeSend', cause: error }));
      return null;
    }
    if (!kept) debug(`[hark] beforeSend dropped the ${record.type} record of survey "${record.surveyId}"`);
    return (kept as R) ?? null;
  }

  return {
    async event(type, prompt) {
      const record = eventRecord(type, prompt, await context());
      const kept = screen(record);
      if (!kept) return record;
      const entry = await (await outbox).add(kept, env.platform.now());
      void flush();
      return entry.record;
    },
    async response(prompt, answer, draft, hold, given) {
      const ctx = draft?.context ?? (await context(given));
      const record = responseRecord(prompt, answer.score, answer.comment, ctx);
      const kept = screen(record);
      if (!kept) return { record, context: ctx, stored: false };
      const queue = await outbox;
      const entry = draft?.stored ? await queue.amend(kept, env.platform.now(), hold) : await queue.add(kept, env.platform.now(), hold ?? undefined);
      // Nothing to send while held; a flush still schedules the loop for when the hold ends.
      void flush();
      // Where no durable store takes the answer, it is saved once the endpoint has it.
      const unsent = hold ? null : await deliverNow(kept.id);
      const saved: ResponseDraft = entry ? { record: entry.record as ResponseRecord, context: ctx, stored: true } : { record: draft!.record, context: ctx, stored: true, late: true };
      return unsent ? { ...saved, unsent } : saved;
    },
  };
}
