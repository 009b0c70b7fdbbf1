export { openSqlite } from './db';
export type { RecordsDb, StoredRecord } from './db';
export { createCollector } from './server';
export type { CollectorOptions } from './server';
export { startCollector } from './start';
export type { StartOptions, RunningCollector } from './start';
