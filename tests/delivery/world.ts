import { IDBFactory } from 'fake-indexeddb';
import { expect } from 'vitest';
import { createClient, type HarkClient, type HarkConfigInput, type HarkError } from '@hark/core';
import { fakePlatform, type FakePlatformOptions, type HarkEnvironment, type HarkStorage } from '@hark/core/testing';
import { openIdbStorage } from '../../packages/core/src/storage/idbStorage';
import { manualClock, settle } from '../../packages/core/test/helpers';
import { faultyStorage, newCommitLog, type CommitLog, type StorageFaults } from './faultyStorage';
import { ENDPOINT, type Ledger } from './ledgerServer';

export const SURVEY = { id: 'nps', kind: 'nps', question: 'How likely are you to recommend Acme?', triggers: [{ on: 'event', event: 'done' }] } as const;

/** Everything one device shares between its tabs: the database, the clock, the commit log. */
export function device() {
  return { factory: new IDBFactory(), clock: manualClock(), log: newCommitLog(), faults: {} as StorageFaults };
}
export type Device = ReturnType<typeof device>;

/** One tab (one client) on a device, with its errors collected. */
export function tab(
  dev: Device,
  options: { config?: Partial<HarkConfigInput>; env?: Partial<HarkEnvironment>; tabs?: FakePlatformOptions; openStorage?: () => Promise<HarkStorage> } = {},
) {
  // A shared fake localStorage tells every tab what changed, as the storage event does.
  let local: { onStorage?: FakePlatformOptions['onStorage'] } | undefined;
  try {
    local = options.tabs?.localStorage?.() as typeof local;
  } catch {
    // A localStorage that throws has no events to tell either.
  }
  const page = fakePlatform({ url: 'https://app.example/checkout', ...(local?.onStorage && { onStorage: local.onStorage }), ...options.tabs, clock: dev.clock });
  const errors: HarkError[] = [];
  const openStorage = options.openStorage ?? (async () => faultyStorage(await openIdbStorage({ factory: dev.factory }), dev.faults, dev.log));
  const client = createClient(
    { endpoint: ENDPOINT, surveys: [SURVEY], ...options.config },
    { platform: page.platform, random: () => 0.5, openStorage, ...options.env },
  );
  client.on('error', (error) => errors.push(error));
  return { client, page, errors, dev };
}
export type Tab = ReturnType<typeof tab>;

/** Shows the survey and answers it; resolves with the response id once it is durably stored. */
export async function answer(client: HarkClient, score = 9): Promise<string> {
  let id = '';
  await client.ready;
  const off = client.on('answered', ({ record }) => (id = record.id));
  client.show('nps');
  try {
    await client.submit({ score });
  } finally {
    off();
    client.dismiss();
  }
  return id;
}

/** Reads the queue and dead-letter store straight from the database, as another tab would. */
export async function readStore(dev: Device) {
  const storage = await openIdbStorage({ factory: dev.factory });
  try {
    return {
      outbox: await storage.outbox.entries<{ id: string; attempts: number; nextAttemptAt: number; leaseOwner: string | null; seq: number; record: { id: string; seq: number } }>(),
      dead: await storage.dead.entries<{ reason: string }>(),
    };
  } finally {
    storage.close();
  }
}

/** Moves the device's clock in steps until `done()` or the budget runs out. */
export async function runUntil(dev: Device, done: () => boolean | Promise<boolean>, budgetMs = 24 * 3600_000, stepMs = 60_000) {
  for (let spent = 0; spent <= budgetMs && !(await done()); spent += stepMs) await dev.clock.advance(stepMs);
  await settle();
}

/** Ids named in errors' `details.records`: what Hark reported as dead-lettered or refused. */
export function reportedIds(errors: readonly HarkError[]): Set<string> {
  const ids = new Set<string>();
  for (const error of errors) {
    const records = (error.details as { records?: Array<{ id?: string }> } | undefined)?.records ?? [];
    for (const record of records) if (typeof record?.id === 'string') ids.add(record.id);
  }
  return ids;
}

/**
 * The promises, checked after every scenario:
 * 1. every accepted id is stored on the server once, or dead-lettered and reported with a reason
 *    (or, while the scenario is not over, still queued);
 * 2. nothing left the queue before a 2xx or a classified failure;
 * 3. the queue never went over its cap.
 */
export async function expectInvariants(dev: Device, ledger: Ledger, errors: readonly HarkError[], opts: { final: boolean; maxRecords?: number }) {
  const { outbox, dead } = await readStore(dev);
  const queued = new Set(outbox.map(([id]) => id));
  const deadReasons = new Map(dead.map(([id, letter]) => [id, letter.reason]));
  const reported = reportedIds(errors);
  const log: CommitLog = dev.log;
  expect(log.accepted.size).toBeGreaterThan(0);
  for (const id of log.accepted) {
    const onServer = ledger.stored.has(id);
    const buried = deadReasons.has(id);
    if (buried) {
      expect(deadReasons.get(id), `dead letter ${id} has a reason`).toMatch(/\S/);
      // Mid-run, a dead letter may be committed with its report a microtask away.
      if (opts.final) expect(reported.has(id), `dead letter ${id} was reported through on('error')`).toBe(true);
    }
    if (opts.final) expect(onServer || buried, `accepted ${id} is stored or dead-lettered`).toBe(true);
    else expect(onServer || buried || queued.has(id), `accepted ${id} is stored, dead-lettered or still queued`).toBe(true);
  }
  for (const id of log.deleted) {
    expect(ledger.acked.has(id) || deadReasons.has(id), `deleted ${id} only after a 2xx or a classified failure`).toBe(true);
  }
  expect(log.peak).toBeLessThanOrEqual(opts.maxRecords ?? 1000);
  for (const count of ledger.stored.values()) expect(count).toBe(1);
}
