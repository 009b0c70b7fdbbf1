import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Row } from './readRow.js';

/** Runs read-only queries. */
export interface SqliteReader {
  all(sql: string, params: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

// The worker's whole program. Kept as text (run with `eval`) so that it works
// the same from the built package and from source under a test runner.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
// On Linux this lowers this thread only: when CPU is short, ingest on the main thread goes first.
try { require('node:os').setPriority(10); } catch {}
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();
parentPort.on('message', ({ id, sql, params }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    parentPort.postMessage({ id, rows: statement.all(...params) });
  } catch (error) {
    parentPort.postMessage({ id, error: error && error.message ? error.message : String(error) });
  }
});
`;

/**
 * Reads for a SQLite file on a worker thread, over a read-only connection of
 * its own. better-sqlite3 is synchronous: on the main thread, a results page
 * over a large database would hold up every ingest request behind it. WAL
 * mode lets this reader and the writer work at once. An in-memory database
 * has no second connection, so it is read in place.
 */
export function createSqliteReader(db: Database.Database, path: string): SqliteReader {
  if (path === ':memory:' || path === '') {
    return { all: async (sql, params) => db.prepare(sql).all(...params) as Row[], close: async () => undefined };
  }
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, path } });
  worker.unref();
  const pending = new Map<number, { resolve: (rows: Row[]) => void; reject: (error: Error) => void }>();
  let next = 0;
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure = error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('message', ({ id, rows, error }: { id: number; rows?: Row[]; error?: string }) => {
    const waiting = pending.get(id);
    pending.delete(id);
    if (error === undefined) waiting?.resolve(rows!);
    else waiting?.reject(new Error(error));
  });
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('the SQLite reader stopped')));
  return {
    all(sql, params) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, sql, params });
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
