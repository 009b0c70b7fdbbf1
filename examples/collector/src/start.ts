import type { AddressInfo } from 'node:net';
import { openSqlite } from './db';
import { createCollector } from './server';

/** Options for `startCollector`. */
export interface StartOptions {
  /** SQLite file. Default `examples/collector/data/hark.sqlite` (via the CLI). */
  readonly dbPath: string;
  /** Default 8787; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly allowedOrigins?: readonly string[];
  readonly log?: (line: string) => void;
}

/** A collector that is listening. */
export interface RunningCollector {
  readonly url: string;
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Opens the database and starts listening. */
export async function startCollector(options: StartOptions): Promise<RunningCollector> {
  const db = openSqlite(options.dbPath);
  const server = createCollector({ db, ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}), ...(options.log ? { log: options.log } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url,
    endpoint: `${url}/v1/records`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          db.close();
          resolve();
        });
      }),
  };
}
