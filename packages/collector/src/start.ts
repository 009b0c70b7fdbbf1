import type { AddressInfo } from 'node:net';
import type { CollectorOptions } from './app.js';
import { createCollector } from './server.js';
import { openStore } from './store/openStore.js';
import { seedSurveys } from './surveys/surveyRoutes.js';
import { startAlertWorker, type AlertWorker } from './webhooks/alertWorker.js';
import { configuredWebhooks, createWebhookRegistry } from './webhooks/webhooks.js';

/** Options for `startCollector`: the collector's settings, where to store, where to listen. */
export interface StartOptions extends Omit<CollectorOptions, 'store'> {
  /** SQLite file, created with its folder on first start. The CLI's default is `./data/hark.sqlite`. */
  readonly dbPath: string;
  /** PostgreSQL URL; when set (non-empty) it is used instead of SQLite. The CLI passes `$DATABASE_URL`. */
  readonly databaseUrl?: string | undefined;
  /** Default 8787; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Delete what was received more than this many days ago, checked at start and hourly. Default: keep everything. */
  readonly retentionDays?: number;
  /**
   * Survey definitions (`HARK_SURVEYS_FILE`) published as version 1 where no
   * version of that id exists yet; once edited on the admin page, the
   * database's version wins. Default: none.
   */
  readonly surveys?: readonly unknown[];
}

/** A collector that is listening. */
export interface RunningCollector {
  /** Base URL; the results page is here. */
  readonly url: string;
  /** Where to POST batches (and, with the admin credential, GET the JSON listing). */
  readonly endpoint: string;
  /** `sqlite` or `postgres`. */
  readonly backend: 'sqlite' | 'postgres';
  /** Stops listening, then closes the database. */
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

/** Opens the database (migrating it) and starts listening. */
export async function startCollector(options: StartOptions): Promise<RunningCollector> {
  const store = await openStore({ dbPath: options.dbPath, databaseUrl: options.databaseUrl });
  const { dbPath: _dbPath, databaseUrl: _url, port: _port, host: _host, retentionDays, surveys, ...settings } = options;
  const log = options.log ?? (() => undefined);
  let server: ReturnType<typeof createCollector>;
  let worker: AlertWorker | null = null;
  const host = options.host ?? '127.0.0.1';
  try {
    if (surveys?.length) await seedSurveys(store, surveys);
    const webhooks = options.webhooks ?? {};
    // One registry for the app and the worker, so a webhook added on the page is sent to at once.
    const registry = createWebhookRegistry(store.webhooks, configuredWebhooks(webhooks.urls ?? [], webhooks.rules ?? []));
    let wake = () => undefined as void;
    server = createCollector({ ...settings, store, webhookRegistry: registry, onAlertsQueued: () => wake() });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8787, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const listening = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    worker = startAlertWorker({
      store,
      webhooks: registry,
      secret: webhooks.secret,
      publicUrl: options.publicUrl ?? listening,
      log,
      ...(webhooks.fetch ? { fetch: webhooks.fetch } : {}),
      ...(webhooks.timeoutMs ? { timeoutMs: webhooks.timeoutMs } : {}),
      ...(webhooks.retry ? { retry: webhooks.retry } : {}),
    });
    wake = () => worker!.kick();
  } catch (error) {
    await store.close();
    throw error;
  }

  // Retention counts whole UTC days of receipt, as reports do; every process may run it, it is idempotent.
  let pruning: Promise<unknown> = Promise.resolve();
  const prune = () => {
    if (!retentionDays) return;
    const day = new Date(Math.floor((Date.now() - retentionDays * DAY_MS) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
    pruning = store.deleteReceivedBefore(day).then(
      (deleted) => deleted > 0 && log(`retention: deleted ${deleted} records received before ${day}`),
      (error: unknown) => log(`retention failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  prune();
  const timer = retentionDays ? setInterval(prune, 3_600_000).unref() : null;

  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url,
    endpoint: `${url}${options.path ?? '/v1/records'}`,
    backend: store.backend,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        if (timer) clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve(Promise.all([pruning, worker?.stop()]).then(() => store.close())));
      })),
  };
}
