import type { ClientEnvironment } from '../env.js';
import { HarkError, messageOf } from '../errors.js';
import type { FlushResult } from '../outbox/delivery.js';
import type { Outbox } from '../outbox/outbox.js';
import { eventRecord, responseRecord } from '../records.js';
import type { HarkConfig } from '../schema/config.js';
import type { ResponseRecord, WireRecord } from '../schema/wire.js';
import type { ActivePrompt, HarkState } from '../state.js';

/** Turns what happened to a prompt into records, and stores them durably. */
export interface RecordKeeper {
  /** Stores a `shown` or `dismissed` record. */
  event(type: 'shown' | 'dismissed', prompt: ActivePrompt): Promise<WireRecord>;
  /** Stores an answer; resolves with the record as stored once the write is durable, and only then may the UI say thanks. */
  response(prompt: ActivePrompt, score: number, comment: string | undefined): Promise<ResponseRecord>;
}

/** What `createRecordKeeper` needs to stamp a record (user, locale, anonymous id) and store it. */
export interface RecordKeeperOptions {
  /** `beforeSend`, the host's last look at each record. */
  readonly config: HarkConfig;
  /** Record ids, timestamps and the page URL. */
  readonly env: ClientEnvironment;
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
  /** Where faults go: `on('error')`, and the console in debug mode. */
  readonly report: (error: unknown) => void;
  /** Logs in debug mode only. */
  readonly debug: (message: string) => void;
}

/** Records pass `beforeSend` (which may scrub or drop them; a hook that throws drops it), then the outbox. */
export function createRecordKeeper({ config, env, ready, state, anonymousId, outbox, flush, report, debug }: RecordKeeperOptions): RecordKeeper {
  async function context() {
    await ready;
    const { user, locale } = state();
    // seq 0 is a placeholder: the outbox stamps the per-device number inside the write transaction.
    return { id: env.uuid(), seq: 0, now: env.clock.now(), anonymousId: anonymousId(), user, url: env.page.url(), locale };
  }

  async function save<R extends WireRecord>(record: R): Promise<R> {
    const entry = await (await outbox).add(record, env.clock.now());
    void flush();
    return entry.record as R;
  }

  async function keep<R extends WireRecord>(record: R): Promise<R> {
    if (!config.beforeSend) return save(record);
    let kept: WireRecord | null | undefined;
    try {
      kept = config.beforeSend(structuredClone(record));
    } catch (error) {
      report(new HarkError('invalid_argument', `beforeSend threw, so record ${record.id} was dropped: ${messageOf(error)}`, { field: 'beforeSend', cause: error }));
      return record;
    }
    if (!kept) {
      debug(`[hark] beforeSend dropped the ${record.type} record of survey "${record.surveyId}"`);
      return record;
    }
    return save(kept as R);
  }

  return {
    event: async (type, prompt) => keep(eventRecord(type, prompt, await context())),
    response: async (prompt, score, comment) => keep(responseRecord(prompt, score, comment, await context())),
  };
}
