import { resolve } from 'node:path';
import { startCollector } from './start.js';

// Configuration comes from the environment, so the same build runs anywhere.
const env = process.env;
const list = (value: string | undefined) => value?.split(',').map((item) => item.trim()).filter(Boolean);
const dbPath = env.HARK_DB ?? resolve(process.cwd(), 'examples/collector/data/hark.sqlite');
const origins = list(env.HARK_ALLOWED_ORIGINS);
const keys = list(env.HARK_API_KEYS);
const perMinute = env.HARK_RATE_LIMIT === undefined ? undefined : Number(env.HARK_RATE_LIMIT);

startCollector({
  dbPath,
  ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
  port: Number(env.PORT ?? 8787),
  ...(env.HOST ? { host: env.HOST } : {}),
  ...(origins ? { allowedOrigins: origins } : {}),
  ...(keys ? { apiKey: keys } : {}),
  ...(env.HARK_MAX_BODY_BYTES ? { maxBodyBytes: Number(env.HARK_MAX_BODY_BYTES) } : {}),
  // HARK_RATE_LIMIT=0 turns the per-IP limit off.
  ...(perMinute === undefined || Number.isNaN(perMinute) ? {} : { rateLimit: perMinute > 0 ? { perMinute } : false }),
  log: (line) => console.log(line),
}).then(
  (collector) => {
    console.log(`Hark collector on ${collector.endpoint}; results at ${collector.url}/ (${collector.backend === 'postgres' ? 'PostgreSQL' : `SQLite: ${dbPath}`})`);
    const stop = () => void collector.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
