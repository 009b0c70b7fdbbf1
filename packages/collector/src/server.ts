import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { createCollectorApp, type CollectorOptions } from './app.js';

/** Creates the collector's Node HTTP server (not yet listening). */
export function createCollector(options: CollectorOptions): Server {
  return createAdaptorServer({ fetch: createCollectorApp(options).fetch }) as Server;
}
