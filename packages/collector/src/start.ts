import type { AddressInfo } from 'node:net';
import type { RateLimit } from './http/rateLimiter.js';
import { createCollector } from './server.js';
import { openStore } from './store/openStore.js';

/** Options for `startCollector`. */
export interface StartOptions {
  /** SQLite file, created with its folder on first start. The CLI's default is `examples/collector/data/hark.sqlite`. */
  readonly dbPath: string;
  /** PostgreSQL URL; when set (non-empty) it is used instead of SQLite. The CLI passes `$DATABASE_URL`. */
  readonly databaseUrl?: string;
  /** Default 8787; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Origins allowed to call from a browser. Default `['*']`. */
  readonly allowedOrigins?: readonly string[];
  /** Where batches are POSTed. Default `/v1/records`. */
  readonly path?: string;
  /** Largest accepted body in bytes. Default 1 MB. */
  readonly maxBodyBytes?: number;
  /** Keys accepted in `apiKeyHeader`. Default: none needed. */
  readonly apiKey?: string | readonly string[];
  /** Default `X-Api-Key`. */
  readonly apiKeyHeader?: string;
  /** Per-IP POST budget, or `false`. Default 600/min, burst 100. */
  readonly rateLimit?: RateLimit | false;
  /** Trust `X-Forwarded-For` for the client IP. Default false. */
  readonly trustProxy?: boolean;
  /** Receives one line per request answered with an error. */
  readonly log?: (line: string) => void;
}

/** A collector that is listening. */
export interface RunningCollector {
  /** Base URL; the results page is here. */
  readonly url: string;
  /** Where to POST batches (and GET the JSON listing). */
  readonly endpoint: string;
  /** `sqlite` or `postgres`. */
  readonly backend: 'sqlite' | 'postgres';
  /** Stops listening, then closes the database. */
  close(): Promise<void>;
}

/** Opens the database (migrating it) and starts listening. */
export async function startCollector(options: StartOptions): Promise<RunningCollector> {
  const store = await openStore({ dbPath: options.dbPath, databaseUrl: options.databaseUrl });
  const { dbPath: _dbPath, databaseUrl: _url, port: _port, host: _host, ...serverOptions } = options;
  const server = createCollector({ ...serverOptions, store });
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8787, host, () => resolve());
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url,
    endpoint: `${url}${options.path ?? '/v1/records'}`,
    backend: store.backend,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(store.close()));
      })),
  };
}
