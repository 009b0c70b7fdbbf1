import type { RecordsStore } from '@hark/collector';

/** What one load run measured. */
export interface LoadResult {
  /** Every record id sent, once each. */
  readonly ids: readonly string[];
  readonly records: number;
  readonly batches: number;
  /** Batches sent a second time. */
  readonly replays: number;
  /** Duplicates the collector reported for the replays. */
  readonly duplicatesReported: number;
  /** Requests that failed and were retried. */
  readonly failures: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

/** Options of `runLoad`. */
export interface LoadOptions {
  /** Where to post; or give `endpoints`. */
  readonly endpoint?: string;
  /** Several collectors: batches go to each in turn, a replay to the next one. */
  readonly endpoints?: readonly string[];
  /** Default 50,000. */
  readonly total?: number;
  /** Default 100 (the wire contract's maximum). */
  readonly batchSize?: number;
  /** Concurrent clients. Default 4. */
  readonly clients?: number;
  /** Send every n-th batch twice. Default 20; 0 never. */
  readonly replayEvery?: number;
  /** Give up after this long. Default 300 s. */
  readonly deadlineMs?: number;
  readonly headers?: Record<string, string>;
}

/** Posts records to a collector from concurrent clients over loopback. */
export function runLoad(options: LoadOptions): Promise<LoadResult>;

/** Checks that every id is stored exactly once. */
export function verifyStoredOnce(store: RecordsStore, ids: readonly string[]): Promise<{ stored: number; problems: string[] }>;

/** Sorted-sample percentile. */
export function percentile(sorted: readonly number[], p: number): number;
