// `npm start` (after the build): serves the example page, the collector and a webhook receiver.
import { startDemo } from './demo-server.mjs';

const demo = await startDemo({
  collectorPort: Number(process.env.HARK_COLLECTOR_PORT ?? 8787),
  pagePort: Number(process.env.PORT ?? 5173),
  webhookPort: Number(process.env.HARK_WEBHOOK_PORT ?? 8789),
  ...(process.env.HARK_DB ? { dbPath: process.env.HARK_DB } : {}),
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  ...(process.env.HARK_DEMO_PASSWORD ? { adminPassword: process.env.HARK_DEMO_PASSWORD } : {}),
  // Twelve weeks of made-up answers on a first start, so the results have intervals and breakdowns to show.
  seedHistory: process.env.HARK_DEMO_SEED !== '0',
  log: (line) => console.log(line.startsWith('[webhook]') ? line : `[collector] ${line}`),
});

// Every page posts to this collector, whatever its port: the page server tells them (demo-server.mjs).
const admin = demo.collector.url;
console.log(`
  Hark demo is running.

  Example app (script tag):  ${demo.pageUrl}/
  Prompt gallery:            ${demo.pageUrl}/widget.html
  Async snippet example:     ${demo.pageUrl}/snippet.html
  Data-attribute example:    ${demo.pageUrl}/data-attributes.html
  React example app:         ${demo.pageUrl}/react/
  Collector endpoint:        ${demo.collector.endpoint}
  Results page:              ${admin}/
    sign in with the demo password: ${demo.adminPassword}
    (new at every start; set HARK_DEMO_PASSWORD to choose it)
  Follow-up inbox:           ${admin}/inbox
  Surveys (edit checkout-nps, reload the example app, complete checkout):
                             ${admin}/surveys
  Webhooks and deliveries:   ${admin}/webhooks
  Webhook receiver:          ${demo.receiver.url}
    prints each signed alert below as [webhook] (answer the checkout prompt with a 3)
  Database:                  ${demo.collector.backend === 'postgres' ? 'PostgreSQL ($DATABASE_URL)' : demo.dbPath}

  Press Ctrl+C to stop.
`);

const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
