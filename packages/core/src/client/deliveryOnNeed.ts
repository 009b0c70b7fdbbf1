import type { DeliveryState, FlushResult } from '../delivery/delivery.js';
import type { DeliverySettings } from '../delivery/deliveryConfig.js';
import type { DeliveryWiring, DeliveryWiringOptions } from '../delivery/deliveryWiring.js';
import { toHarkError } from '../errors.js';
import { CHECKER } from '../schema/check.js';
import type { DeliveryModule } from './environment.js';
import type { RecordKeeper, RecordKeeperOptions } from '../delivery/recordKeeper.js';

/** The delivery code once fetched, wired to the client's storage. */
interface Wired {
  readonly code: DeliveryModule;
  readonly wiring: DeliveryWiring;
  readonly records: RecordKeeper;
}

/** The client's delivery, its code fetched when first needed. */
export interface DeliveryOnNeed {
  /** Stores records, fetching the code first when it is not there yet. */
  readonly records: RecordKeeper;
  /** Sends what is queued; `unavailable` when the code cannot be fetched. */
  flush(): Promise<FlushResult>;
  /** As `flush`, ending a 401/403 pause (`HarkClient.flush`). */
  resume(): Promise<FlushResult>;
  /** The queue's counts; rejects with the reason when the code cannot be fetched. */
  state(): Promise<DeliveryState>;
  /** The code itself, for what else comes with it (the answer path, the default questions in other languages), once wired; null before. */
  loaded(): DeliveryModule | null;
  /** The same, fetched and wired first when it is not there yet; rejects when it cannot be fetched. */
  code(): Promise<DeliveryModule>;
  /** Stops the wiring if there is one, and any that a fetch under way brings. */
  stop(): void;
}

/** What `deliveryOnNeed` needs: how to fetch the code, and what the wiring and the record keeper take from the client. */
export interface DeliveryOnNeedOptions extends Omit<DeliveryWiringOptions, 'checker'>, Omit<RecordKeeperOptions, 'outbox' | 'flush' | 'deliverNow'> {
  readonly loadDelivery: () => Promise<DeliveryModule>;
  /** The code itself when it is bundled with the client (`@hark/core`): wired at once, as the rest of the client is. */
  readonly bundled?: DeliveryModule;
  readonly settings: DeliverySettings;
}

/**
 * The delivery code (record keeper, outbox, the loop that sends) is not in
 * the client's boot code: it is fetched with `loadDelivery` on first need and
 * wired to the client's storage, lending it the schema checker. A failed fetch
 * is reported (once while it fails for the same reason) and forgotten, so the
 * next need asks again; a `shown` or `dismissed` written meanwhile waits for
 * the next fetch that succeeds, and `flush()` resolves `unavailable`.
 */
export function deliveryOnNeed(options: DeliveryOnNeedOptions): DeliveryOnNeed {
  const { loadDelivery, report } = options;
  let fetching: Promise<Wired> | null = null;
  let wired: Wired | null = null;
  let stopped = false;
  let lastRefusal = '';
  const parked: Array<(wired: Wired) => void> = [];

  const wire = (code: DeliveryModule): Wired => {
    const wiring = code.wireDelivery({ ...options, checker: CHECKER });
    // Fetched after stop(): wired for the call that asked, and stopped at once.
    if (stopped) wiring.stop();
    const records = code.createRecordKeeper({ ...options, outbox: wiring.outbox, flush: wiring.flush, deliverNow: wiring.deliverNow });
    lastRefusal = '';
    wired = { code, wiring, records };
    for (const write of parked.splice(0)) write(wired);
    return wired;
  };
  const refused = (error: unknown): never => {
    fetching = null;
    const refusal = toHarkError(error);
    // The same refusal again (a CSP, the network) is not news.
    if (refusal.message !== lastRefusal) report(refusal);
    lastRefusal = refusal.message;
    throw refusal;
  };
  // A file that cannot be wired (another release's, say) is refused like one that cannot be fetched: reported, and asked for again.
  const need = (): Promise<Wired> => (fetching ??= loadDelivery().then(wire).catch(refused));
  if (options.bundled) fetching = Promise.resolve(wire(options.bundled));
  const unavailable = (error: unknown): FlushResult => ({ status: 'unavailable', reason: toHarkError(error).message });
  // Bundled code goes straight through, as if it were part of the client; fetched code is reached in the order of the calls.
  const using = <T>(use: (wired: Wired) => Promise<T>, otherwise?: (error: unknown) => T | Promise<T>): Promise<T> =>
    options.bundled && wired ? use(wired) : need().then(use, otherwise);

  return {
    records: {
      event: (type, prompt) =>
        using(
          ({ records }) => records.event(type, prompt),
          () => new Promise((resolve, reject) => parked.push(({ records }) => records.event(type, prompt).then(resolve, reject))),
        ),
      response: (prompt, answer, draft, hold, given) => using(({ records }) => records.response(prompt, answer, draft, hold, given)),
    },
    flush: () => using(({ wiring }) => wiring.flush(), unavailable),
    resume: () => using(({ wiring }) => wiring.delivery.then((loop) => loop.resume()), unavailable),
    state: () => using(({ wiring }) => wiring.delivery.then((loop) => loop.state())),
    loaded: () => wired?.code ?? null,
    code: () => need().then(({ code }) => code),
    stop() {
      stopped = true;
      wired?.wiring.stop();
    },
  };
}
