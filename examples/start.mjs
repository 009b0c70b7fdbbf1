// `npm start` (after the build): serves the example page and the collector.
import { startDemo } from './demo-server.mjs';

const demo = await startDemo({
  collectorPort: Number(process.env.HARK_COLLECTOR_PORT ?? 8787),
  pagePort: Number(process.env.PORT ?? 5173),
  ...(process.env.HARK_DB ? { dbPath: process.env.HARK_DB } : {}),
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  ...(process.env.HARK_DEMO_PASSWORD ? { adminPassword: process.env.HARK_DEMO_PASSWORD } : {}),
  log: (line) => console.log(`[collector] ${line}`),
});

// Every page posts to this collector, whatever its port: the page server tells them (demo-server.mjs).
console.log(`
  Hark demo is running.

  Example app (script tag):  ${demo.pageUrl}/
  Prompt gallery:            ${demo.pageUrl}/widget.html
  Async snippet example:     ${demo.pageUrl}/snippet.html
  Data-attribute example:    ${demo.pageUrl}/data-attributes.html
  React example app:         ${demo.pageUrl}/react/
  Collector endpoint:        ${demo.collector.endpoint}
  Results page:              ${demo.collector.url}/
    sign in with the demo password: ${demo.adminPassword}
    (new at every start; set HARK_DEMO_PASSWORD to choose it)
  Database:                  ${demo.collector.backend === 'postgres' ? 'PostgreSQL ($DATABASE_URL)' : demo.dbPath}

  Press Ctrl+C to stop.
`);

const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
