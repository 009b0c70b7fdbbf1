import { resolve } from 'node:path';
import type { StartOptions } from '../start.js';

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
  };
}
