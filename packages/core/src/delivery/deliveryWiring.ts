import type { HarkEnvironment } from '../client/environment.js';
import { createDelivery, type Delivery, type FlushResult } from './delivery.js';
import type { DeliverySettings } from './deliveryConfig.js';
import type { OutboxEntry } from './entry.js';
import { createOutbox, type Outbox } from './outbox.js';
import type { HarkConfig } from '../schema/config.js';
import type { Checker } from '../schema/check.js';
import { wireChecks } from '../schema/wireChecks.js';
import type { WireRecord } from '../schema/wire.js';
import type { ClientStorage } from '../client/session.js';

/** The outbox and the loop that drains it, opened once storage is. */
export interface DeliveryWiring {
  readonly outbox: Promise<Outbox>;
  readonly delivery: Promise<Delivery>;
  /** Sends what is queued now (see `HarkClient.flush`). */
  flush(): Promise<FlushResult>;
  /**
   * For a record kept in memory only (every durable store refused it): sends
   * it now, backoff or not. Resolves with why it could not be sent, or null
   * once it is delivered or stored durably after all.
   */
  deliverNow(id: string): Promise<string | null>;
  /** Removes the page listeners and stops the loop; queued records stay stored. */
  stop(): void;
}

/** What `wireDelivery` needs: the config's endpoint and delivery settings, the environment and the opened storage. */
export interface DeliveryWiringOptions {
  /** The endpoint and headers. */
  readonly config: HarkConfig;
  /** The `delivery` settings, defaults filled in. */
  readonly settings: DeliverySettings;
  /** This tab's id as lease owner (and holder of the scores it holds back). */
  readonly owner: string;
  /** The schema checker, lent by the client so the delivery code does not carry a copy: it checks stored records and a `headers` function's result. */
  readonly checker: Checker;
  /** `fetch`, the clock, jitter, the owner id, the page's online and hide events, and the other tabs. */
  readonly env: HarkEnvironment;
  /** The session's storage; the outbox opens in it. */
  readonly storage: Promise<ClientStorage>;
  /** False while consent is withheld: nothing leaves the device, records an earlier page queued included. */
  readonly mayDeliver: () => boolean;
  /** Told about each batch the endpoint accepted (`on('sent')`). */
  readonly onSent: (records: readonly WireRecord[]) => void;
  /** Where faults go: `on('error')`, and the console in debug mode. */
  readonly report: (error: unknown) => void;
}

/**
 * Opens the outbox and the delivery loop, and sends when the network comes
 * back, when the page is hidden, and when it returns from the back/forward
 * cache (other tabs may have changed the store meanwhile).
 */
export function wireDelivery({ config, settings, owner, checker, env, storage, mayDeliver, onSent, report }: DeliveryWiringOptions): DeliveryWiring {
  const checks = wireChecks(checker);
  const outbox = storage.then((opened) => createOutbox(opened, settings, checks.record));
  const delivery = Promise.all([storage, outbox]).then(([opened, opener]) =>
    createDelivery({
      outbox: opener,
      storage: opened,
      endpoint: config.endpoint,
      headers: config.headers ?? {},
      checks,
      fetch: env.fetch,
      clock: env.platform,
      random: env.random,
      isOnline: env.platform.isOnline,
      settings,
      platform: env.platform,
      owner,
      mayDeliver,
      onSent,
      onError: report,
    }),
  );
  const flush = () => delivery.then((loop) => loop.flush());
  async function deliverNow(id: string): Promise<string | null> {
    const opened = await storage;
    if (!opened.volatile) return null;
    if (!env.platform.isOnline()) return 'the browser is offline';
    const result = await (await delivery).wake();
    const left = await opened.outbox.get<OutboxEntry>(id);
    if (!left || !opened.volatile) return null;
    return result.status === 'held' ? 'consent is not granted' : (left.lastError ?? 'the endpoint has not taken it yet');
  }
  const stops = [
    env.platform.onOnline(() => void delivery.then((loop) => loop.wake()).catch(report)),
    env.platform.onHide(() => void delivery.then((loop) => loop.flushOnHide()).catch(report)),
    env.platform.onRestore(() => void flush()),
  ];
  return {
    outbox,
    delivery,
    flush,
    deliverNow,
    stop() {
      for (const stop of stops.splice(0)) stop();
      void delivery.then((loop) => loop.stop());
    },
  };
}
