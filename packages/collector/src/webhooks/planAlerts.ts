import { createHash } from 'node:crypto';
import type { WireRecord } from '@hark/core/schema';
import type { PlannedAlert } from '../store/alertStore.js';
import { matchingRules } from './alertRules.js';
import type { Webhook } from './webhooks.js';

/** How long a failing event is retried, unless configured otherwise. */
export const DEFAULT_RETRY_FOR_MS = 24 * 3_600_000;

/**
 * The event id of a record for a webhook: the same record and webhook always
 * give the same id (a retry, a re-send, a replayed batch), so a receiver can
 * drop what it already has.
 */
export function alertEventId(recordId: string, hookId: string): string {
  return `evt_${createHash('sha256').update(`${recordId.toLowerCase()}\n${hookId}`).digest('hex').slice(0, 32)}`;
}

/**
 * The events a batch brings: one per answer and webhook whose rules it
 * matches. The store keeps those whose record is new, in the record's own
 * transaction.
 */
export function planAlerts(records: readonly WireRecord[], hooks: readonly Webhook[], now: Date, retryForMs = DEFAULT_RETRY_FOR_MS): PlannedAlert[] {
  const createdAt = now.toISOString();
  const retryUntil = new Date(now.getTime() + retryForMs).toISOString();
  return records.flatMap((record) =>
    hooks.flatMap((hook) => {
      const rules = matchingRules(hook.rules, record);
      return rules.length ? [{ eventId: alertEventId(record.id, hook.id), hookId: hook.id, recordId: record.id.toLowerCase(), rules: rules.join(','), createdAt, retryUntil }] : [];
    }),
  );
}
