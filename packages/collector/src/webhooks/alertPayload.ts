import type { WireRecord } from '@hark/core/schema';
import type { AlertEvent } from '../store/alertStore.js';
import { pagePath } from '../store/dimensions.js';
import type { StoredRecord } from '../store/types.js';

/** The JSON body of an alert: the event, the record, and a link to it in the inbox. */
export interface AlertBody {
  /** The event id, also in the `Hark-Event-Id` header: the same on every retry and re-send. */
  readonly id: string;
  readonly type: 'response.alert';
  /** When the event was queued (the record's receipt). */
  readonly createdAt: string;
  /** The webhook's rules this answer matched. */
  readonly rules: readonly string[];
  /** The answer in the collector's inbox (sign-in needed). */
  readonly link: string;
  readonly receivedAt: string;
  readonly record: WireRecord;
}

/** Where an answer is in the inbox. */
export const inboxLink = (publicUrl: string, recordId: string): string => `${publicUrl.replace(/\/+$/, '')}/inbox/${encodeURIComponent(recordId)}`;

/** The body for an ordinary receiver. */
export function alertBody(event: AlertEvent, stored: StoredRecord, publicUrl: string): string {
  const body: AlertBody = {
    id: event.eventId,
    type: 'response.alert',
    createdAt: event.createdAt,
    rules: event.rules.split(','),
    link: inboxLink(publicUrl, stored.id),
    receivedAt: stored.receivedAt,
    record: stored.record,
  };
  return JSON.stringify(body);
}

// Slack's mrkdwn treats these three as markup; everything else is text.
const slackText = (value: unknown) => String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The body for a Slack incoming webhook: a message with a plain `text` (notifications) and `blocks`. */
export function slackBody(event: AlertEvent, stored: StoredRecord, publicUrl: string): string {
  const record = stored.record;
  const link = inboxLink(publicUrl, stored.id);
  const headline = record.type === 'response' ? `${record.kind.toUpperCase()} ${record.score} (${record.category}) on ${record.surveyId}` : `${record.type} on ${record.surveyId}`;
  const comment = record.type === 'response' && record.comment ? record.comment.slice(0, 2000) : null;
  const details = [
    record.userId ? `user ${record.userId}` : null,
    ...Object.entries(record.attributes ?? {})
      .slice(0, 5)
      .map(([key, value]) => `${key} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`.slice(0, 80)),
    record.context?.url ? pagePath(record.context.url) : null,
  ].filter((item): item is string => item !== null);
  const text = `${headline}${comment ? `: “${comment.slice(0, 200)}”` : ''} ${link}`;
  const blocks = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${slackText(headline)}*${comment ? `\n>${slackText(comment).replace(/\n/g, '\n>')}` : ''}` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: [...details.map(slackText), `<${link}|Open in the inbox>`].join(' · ') }] },
  ];
  return JSON.stringify({ text: slackText(text), blocks, event_id: event.eventId });
}
