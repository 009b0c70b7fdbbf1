import type { Row } from './readRow.js';
import type { Sql } from './sql.js';

/** A webhook added on the admin page (those from `HARK_WEBHOOK_URL` are not stored). */
export interface StoredWebhook {
  readonly id: string;
  readonly url: string;
  /** Comma-separated rules (`low,comment`). */
  readonly rules: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** The webhooks added on the admin page. */
export interface WebhookStore {
  list(): Promise<StoredWebhook[]>;
  add(hook: StoredWebhook): Promise<void>;
  /** False when there was none with that id. */
  remove(id: string): Promise<boolean>;
}

const toHook = (row: Row): StoredWebhook => ({ id: row.id as string, url: row.url as string, rules: row.rules as string, createdAt: row.created_at as string, createdBy: row.created_by as string });

/** The stored webhooks over either backend. */
export function createWebhookStore(sql: Sql): WebhookStore {
  return {
    // On the writer's connection, so a webhook added a moment ago is seen by the next batch.
    list: async () => (await sql.write('SELECT * FROM webhooks ORDER BY created_at, id')).map(toHook),
    async add(hook) {
      await sql.write('INSERT INTO webhooks (id, url, rules, created_at, created_by) VALUES (?, ?, ?, ?, ?)', [hook.id, hook.url, hook.rules, hook.createdAt, hook.createdBy]);
    },
    remove: async (id) => (await sql.write('DELETE FROM webhooks WHERE id = ? RETURNING id', [id])).length > 0,
  };
}
