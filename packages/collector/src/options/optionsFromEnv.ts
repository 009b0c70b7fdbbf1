import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StartOptions } from '../start.js';
import { parseAlertRules } from '../webhooks/alertRules.js';
import { configuredWebhooks } from '../webhooks/webhooks.js';

/** The environment variables the collector reads, with what each sets. */
export const ENV_VARIABLES: Readonly<Record<string, string>> = {
  PORT: 'port to listen on (8787)',
  HOST: 'address to listen on (127.0.0.1; 0.0.0.0 in a container)',
  DATABASE_URL: 'PostgreSQL URL; when set, used instead of SQLite',
  HARK_DB: 'SQLite file (./data/hark.sqlite)',
  HARK_ALLOWED_ORIGINS: 'comma-separated origins whose pages may post records, or * (none)',
  HARK_API_KEYS: 'comma-separated ingest keys; when set, a POST needs one (none)',
  HARK_API_KEY_HEADER: 'header that carries the ingest key (X-Api-Key)',
  HARK_MAX_BODY_BYTES: 'largest request body (1000000)',
  HARK_RATE_LIMIT: 'POSTs per minute per client address; 0 turns it off (600)',
  HARK_TRUST_PROXY: 'how many proxies in front append to X-Forwarded-For (0)',
  HARK_ADMIN_PASSWORD_HASH: 'hash of the admin password, from `hark-collector hash-password` (none: nobody signs in)',
  HARK_ADMIN_TOKENS: 'comma-separated bearer tokens for scripts, 32+ characters each (none)',
  HARK_SESSION_SECRET: 'signs sign-in cookies; 32+ characters (derived from the password hash)',
  HARK_ALLOWED_HOSTS: 'comma-separated Host names the admin door answers for, or * (localhost, 127.0.0.1, [::1])',
  HARK_RETENTION_DAYS: 'delete records received more than this many days ago (keep all)',
  HARK_WEBHOOK_URL: 'comma-separated webhook URLs sent alerts on matching answers (none; more on the admin page)',
  HARK_WEBHOOK_RULES: 'which answers they hear of: low, comment, any, nps<=N, csat<=N, ces<=N (low)',
  HARK_WEBHOOK_SECRET: 'signs every webhook body (Hark-Signature); 16+ characters (unsigned)',
  HARK_PUBLIC_URL: 'the address people reach the collector at, for links in alerts (the listening address)',
  HARK_SURVEYS_FILE: 'JSON file of survey definitions published where none of that id exists (none)',
};

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function whole(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) throw new Error(`${name} must be a whole number of at least ${min}, got ${JSON.stringify(value)}`);
  return number;
}

/**
 * The collector's options from environment variables (see `ENV_VARIABLES`), so
 * one build runs anywhere: `npx @hark/collector`, a container, a test.
 * Throws an error naming the variable when one is malformed.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): StartOptions {
  const origins = list(env.HARK_ALLOWED_ORIGINS);
  const keys = list(env.HARK_API_KEYS);
  const tokens = list(env.HARK_ADMIN_TOKENS);
  const hosts = list(env.HARK_ALLOWED_HOSTS);
  const perMinute = whole(env, 'HARK_RATE_LIMIT', 0);
  const maxBodyBytes = whole(env, 'HARK_MAX_BODY_BYTES', 1024);
  const trustProxy = whole(env, 'HARK_TRUST_PROXY', 0);
  const retentionDays = whole(env, 'HARK_RETENTION_DAYS', 1);
  const passwordHash = env.HARK_ADMIN_PASSWORD_HASH?.trim();
  const sessionSecret = env.HARK_SESSION_SECRET?.trim();
  const webhookUrls = list(env.HARK_WEBHOOK_URL) ?? [];
  const webhookRules = list(env.HARK_WEBHOOK_RULES) ?? [];
  const webhookSecret = env.HARK_WEBHOOK_SECRET?.trim();
  const named = <T>(name: string, read: () => T): T => {
    try {
      return read();
    } catch (error) {
      throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  named('HARK_WEBHOOK_RULES', () => parseAlertRules(webhookRules));
  named('HARK_WEBHOOK_URL', () => configuredWebhooks(webhookUrls));
  if (webhookSecret !== undefined && webhookSecret.length > 0 && webhookSecret.length < 16) throw new Error('HARK_WEBHOOK_SECRET needs at least 16 characters');
  const publicUrl = env.HARK_PUBLIC_URL?.trim();
  if (publicUrl && !/^https?:\/\/[^/]/.test(publicUrl)) throw new Error(`HARK_PUBLIC_URL must be an http(s) URL, got ${JSON.stringify(publicUrl.slice(0, 80))}`);
  const surveysFile = env.HARK_SURVEYS_FILE?.trim();
  const surveys = surveysFile
    ? named('HARK_SURVEYS_FILE', () => {
        const parsed = JSON.parse(readFileSync(resolve(cwd, surveysFile), 'utf8')) as unknown;
        const items = Array.isArray(parsed) ? parsed : (parsed as { surveys?: unknown } | null)?.surveys;
        if (!Array.isArray(items)) throw new Error('the file must hold an array of surveys or { "surveys": [...] }');
        return items as unknown[];
      })
    : undefined;
  return {
    dbPath: resolve(cwd, env.HARK_DB?.trim() || 'data/hark.sqlite'),
    ...(env.DATABASE_URL?.trim() ? { databaseUrl: env.DATABASE_URL.trim() } : {}),
    port: whole(env, 'PORT', 0) ?? 8787,
    host: env.HOST?.trim() || '127.0.0.1',
    ...(origins ? { allowedOrigins: origins } : {}),
    ...(keys ? { apiKey: keys } : {}),
    ...(env.HARK_API_KEY_HEADER?.trim() ? { apiKeyHeader: env.HARK_API_KEY_HEADER.trim() } : {}),
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
    ...(perMinute === undefined ? {} : { rateLimit: perMinute > 0 ? { limit: perMinute, windowMs: 60_000 } : false }),
    ...(trustProxy === undefined ? {} : { trustProxy }),
    ...(hosts ? { allowedHosts: hosts } : {}),
    ...(retentionDays === undefined ? {} : { retentionDays }),
    admin: { ...(passwordHash ? { passwordHash } : {}), ...(tokens ? { tokens } : {}), ...(sessionSecret ? { sessionSecret } : {}) },
    ...(webhookUrls.length || webhookRules.length || webhookSecret ? { webhooks: { urls: webhookUrls, rules: webhookRules, ...(webhookSecret ? { secret: webhookSecret } : {}) } } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    ...(surveys ? { surveys } : {}),
  };
}
