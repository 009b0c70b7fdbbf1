import type { HarkError } from '../errors.js';
import type { Clock, Platform } from '../platform/platform.js';
import type { HeadersOption } from '../schema/config.js';
import type { WireRecord } from '../schema/wire.js';
import type { StorageMode } from '../storage/types.js';
import type { DeliverySettings } from './deliveryConfig.js';
import type { Outbox } from './outbox.js';

/** What `flush()` resolves to: the queue is empty, or when the next try is. */
export type FlushResult =
  | { readonly status: 'empty' }
  | { readonly status: 'scheduled'; readonly nextAttemptAt: number }
  /** 401/403: delivery waits for new credentials; a probe is still sent at `nextAttemptAt`. */
  | { readonly status: 'paused'; readonly nextAttemptAt: number }
  /** Consent is not granted: nothing is sent, records stay queued until `consent(true)`. */
  | { readonly status: 'held' };

/** Honest delivery status for a host app to show. */
export interface DeliveryState {
  readonly storage: StorageMode;
  /** Records waiting to be sent. */
  readonly pending: number;
  /** Records a tab is sending right now (leased). */
  readonly inFlight: number;
  /** Records moved to the dead-letter store. */
  readonly deadLettered: number;
  readonly paused: boolean;
  /** When the next send is due; null when nothing is pending. */
  readonly nextAttemptAt: number | null;
}

/** Options for the delivery loop. */
export interface DeliveryOptions {
  readonly outbox: Outbox;
  /** Reports the storage mode and, in a fallback mode, tries to move back to IndexedDB. */
  readonly storage: { readonly kind: StorageMode; recover?(): Promise<boolean> };
  readonly endpoint: string;
  /** `config.headers`: a function is called before every send. */
  readonly headers: HeadersOption;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly random: () => number;
  readonly isOnline: () => boolean;
  readonly settings: DeliverySettings;
  /** Other tabs: the drain lock, who is alive, the nudge's channel, and localStorage for the wire marks. */
  readonly platform: Pick<Platform, 'lock' | 'presence' | 'channel' | 'localStorage'>;
  /** This tab's lease owner id. */
  readonly owner: string;
  /** False while the user has not consented: nothing leaves the device. Default: always true. */
  readonly mayDeliver?: () => boolean;
  readonly onSent: (records: readonly WireRecord[]) => void;
  readonly onError: (error: HarkError) => void;
}

/** The loop that drains the outbox to the endpoint. */
export interface Delivery {
  /** Sends everything due now. One drain at a time: a second call joins the first. */
  flush(): Promise<FlushResult>;
  /** The network is back: forget this tab's backoff and send now. */
  wake(): Promise<FlushResult>;
  /**
   * The page is going away: sends the records this tab knows to be queued, and
   * no send holds, in one `keepalive` request, started synchronously (a closing
   * page runs no more IndexedDB callbacks) after marking them in localStorage;
   * leases them for `hideLeaseMs` (or the grown send lease), and deletes them
   * only on a 2xx. A second call sends nothing the first sent.
   */
  flushOnHide(): Promise<void>;
  /** Reads the queue's counts; rejects with a `storage_failed` HarkError (also reported) when storage cannot be read. */
  state(): Promise<DeliveryState>;
  /**
   * Ends this tab's 401/403 pause (new credentials, say) once a send in flight
   * has its answer, then flushes, starting with a one-record probe; without a
   * pause, the same as `flush()`.
   */
  resume(): Promise<FlushResult>;
  /** Cancels timers and listeners; queued records stay stored. */
  stop(): void;
}
