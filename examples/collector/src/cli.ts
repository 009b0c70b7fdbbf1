import { resolve } from 'node:path';
import { startCollector } from './start';

const dbPath = process.env.HARK_DB ?? resolve(process.cwd(), 'examples/collector/data/hark.sqlite');
const port = Number(process.env.PORT ?? 8787);
const origins = process.env.HARK_ALLOWED_ORIGINS?.split(',').map((origin) => origin.trim()).filter(Boolean);

startCollector({ dbPath, port, ...(origins ? { allowedOrigins: origins } : {}), log: (line) => console.log(line) }).then(
  (collector) => console.log(`Hark collector on ${collector.endpoint} (SQLite: ${dbPath})`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
