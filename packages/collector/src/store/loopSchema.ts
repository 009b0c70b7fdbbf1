/**
 * Schema version 5, the same tables on both backends: breakdown counts (kept
 * like the day counts, per dimension value), the follow-up inbox, the webhook
 * outbox, webhooks added on the admin page and survey definitions with their
 * versions. Their timestamps are ISO text on both (see `Sql`). Existing low
 * answers open follow-ups; existing records are counted into the breakdowns
 * by `backfillDimensions` in the same transaction.
 */
export function loopSchema(dialect: 'sqlite' | 'postgres'): string {
  // Keys order by code point on both, whatever PostgreSQL's collation.
  const key = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  const count = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
  const compact = dialect === 'sqlite' ? ' WITHOUT ROWID' : '';
  const receivedText = dialect === 'sqlite' ? 'received_at' : `to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return `
   CREATE TABLE dimension_counts (
     survey_id ${key} NOT NULL,
     dim ${key} NOT NULL,
     day ${key} NOT NULL,
     value ${key} NOT NULL,
     kind TEXT NOT NULL,
     type TEXT NOT NULL,
     score INTEGER NOT NULL,
     scale_min INTEGER NOT NULL,
     scale_max INTEGER NOT NULL,
     n ${count} NOT NULL,
     PRIMARY KEY (survey_id, dim, day, value, kind, type, score, scale_min, scale_max)
   )${compact};
   CREATE TABLE dimension_keys (survey_id ${key} NOT NULL, dim ${key} NOT NULL, PRIMARY KEY (survey_id, dim))${compact};
   CREATE TABLE followups (
     record_id ${key} PRIMARY KEY,
     survey_id ${key} NOT NULL,
     kind TEXT NOT NULL,
     score INTEGER,
     band TEXT NOT NULL,
     received_at ${key} NOT NULL,
     status TEXT NOT NULL,
     owner ${key},
     notes TEXT,
     reason TEXT NOT NULL,
     first_contacted_at TEXT,
     contact_seconds INTEGER,
     updated_at TEXT NOT NULL,
     updated_by TEXT
   );
   CREATE INDEX followups_received ON followups (received_at, record_id);
   CREATE INDEX followups_status ON followups (status, received_at, record_id);
   CREATE INDEX followups_survey ON followups (survey_id, received_at, record_id);
   CREATE INDEX followups_owner ON followups (owner, received_at, record_id);
   CREATE INDEX followups_loop ON followups (survey_id, band, contact_seconds);
   INSERT INTO followups (record_id, survey_id, kind, score, band, received_at, status, reason, updated_at)
     SELECT id, survey_id, kind, score, 'low', ${receivedText}, 'new', 'low score', ${receivedText}
     FROM records WHERE type = 'response' AND category IN ('detractor', 'low');
   CREATE TABLE alert_events (
     event_id ${key} PRIMARY KEY,
     hook_id TEXT NOT NULL,
     record_id TEXT NOT NULL,
     rules TEXT NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     created_at ${key} NOT NULL,
     next_attempt_at ${key} NOT NULL,
     retry_until TEXT NOT NULL,
     claim TEXT,
     last_attempt_at TEXT,
     last_status INTEGER,
     last_error TEXT,
     delivered_at TEXT
   );
   CREATE INDEX alert_events_due ON alert_events (status, next_attempt_at);
   CREATE INDEX alert_events_created ON alert_events (created_at, event_id);
   CREATE TABLE webhooks (id ${key} PRIMARY KEY, url TEXT NOT NULL, rules TEXT NOT NULL, created_at ${key} NOT NULL, created_by TEXT NOT NULL);
   CREATE TABLE survey_versions (
     survey_id ${key} NOT NULL,
     version INTEGER NOT NULL,
     definition TEXT NOT NULL,
     archived INTEGER NOT NULL,
     author TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (survey_id, version)
   );`;
}
