import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Route } from 'playwright-core';
// @ts-expect-error -- plain JS module shared with `npm start`
import { startDemo } from '../../examples/demo-server.mjs';

export interface Demo {
  readonly pageUrl: string;
  readonly exampleUrl: string;
  readonly dbPath: string;
  readonly collector: { readonly endpoint: string; readonly url: string };
  /** The results page's admin password for this run. */
  readonly adminPassword: string;
  /** The demo's webhook receiver, and the secret it checks signatures with. */
  readonly receiver: WebhookReceiver;
  readonly webhookSecret: string;
  close(): Promise<void>;
}

/** The example webhook receiver (examples/webhook-receiver.mjs). */
export interface WebhookReceiver {
  readonly url: string;
  readonly port: number;
  /** The events it accepted: signed, each id once. */
  readonly events: Array<{ id: string; rules: string[]; link: string; record: Record<string, unknown> }>;
  /** Every request, with whether its signature held. */
  readonly requests: Array<{ id: string; signed: boolean; attempt: number }>;
  close(): Promise<void>;
}

/**
 * The real demo (collector + page server + webhook receiver) on free ports,
 * with a fresh SQLite file; failed alerts are retried within 0.5–2 s.
 */
export async function startTestDemo(): Promise<Demo> {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'hark-e2e-')), 'hark.sqlite');
  return (await startDemo({ collectorPort: 0, pagePort: 0, webhookPort: 0, dbPath, webhookRetry: { baseMs: 500, maxMs: 2000 } })) as Demo;
}

/** Starts the example receiver again (on the port the collector was told), with `secret`. */
export async function startReceiver(port: number, secret: string): Promise<WebhookReceiver> {
  // @ts-expect-error -- plain JS module shared with `npm start`
  const { startWebhookReceiver } = await import('../../examples/webhook-receiver.mjs');
  return (await startWebhookReceiver({ port, secret, log: () => undefined })) as WebhookReceiver;
}

/** Rows as the collector stored them, read straight from SQLite. */
export function storedRows(dbPath: string): Array<{ id: string; type: string; survey_id: string; score: number | null; comment: string | null; json: string }> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, type, survey_id, score, comment, json FROM records ORDER BY created_at').all() as never;
  } finally {
    db.close();
  }
}

/** Polls `fn` until `ok` holds or the time is up, and returns the last value (the caller asserts on it). */
export async function until<T>(fn: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A door the test opens by hand: `hold` keeps a routed request on the wire until `open()`. */
export function gate(): { readonly opened: Promise<void>; open(): void; hold(route: Route): Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open, hold: (route) => opened.then(() => route.continue()) };
}
