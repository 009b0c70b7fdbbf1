// A small webhook receiver for the collector's alerts: checks each body's
// Hark-Signature with the shared secret, drops events it already has (by
// their stable id: a retry or a re-send of one it got), and prints the rest.
// `npm start` runs it and points the demo collector at it. On its own:
//   HARK_WEBHOOK_SECRET=… node examples/webhook-receiver.mjs   (port 8789, or PORT)
// then start the collector with HARK_WEBHOOK_URL=http://127.0.0.1:8789/hark and the same secret.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

// --- the README's snippet, as written there ---
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Whether a webhook body came from your collector: its Hark-Signature header, checked with HARK_WEBHOOK_SECRET. */
export function verifyHarkSignature(secret, rawBody, header, toleranceSeconds = 300) {
  const parts = Object.fromEntries(String(header ?? '').split(',').map((part) => part.trim().split('=')));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${rawBody}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
// --- end of the snippet ---

/**
 * Starts the receiver. Resolves to its URL, the events it accepted (each
 * once, in order), every request it got with its verdict, and `close()`.
 */
export async function startWebhookReceiver({ port = 8789, host = '127.0.0.1', secret, log = (line) => console.log(line) } = {}) {
  if (!secret) throw new Error('the receiver needs the collector’s HARK_WEBHOOK_SECRET');
  const seen = new Set();
  const events = [];
  const requests = [];
  const server = createServer((req, res) => {
    let rawBody = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (rawBody += chunk));
    req.on('end', () => {
      const signed = verifyHarkSignature(secret, rawBody, req.headers['hark-signature']);
      const id = req.headers['hark-event-id'];
      requests.push({ id, signed, attempt: Number(req.headers['hark-attempt'] ?? 1) });
      if (!signed) {
        log(`[webhook] refused a body without a valid signature (event ${id ?? '?'})`);
        res.writeHead(401).end();
        return;
      }
      if (seen.has(id)) {
        log(`[webhook] ${id} again (attempt ${req.headers['hark-attempt']}): already have it`);
      } else {
        seen.add(id);
        const event = JSON.parse(rawBody);
        events.push(event);
        const { record } = event;
        log(`[webhook] ${record.kind.toUpperCase()} ${record.score} on ${record.surveyId}${record.comment ? `: “${record.comment}”` : ''} (${event.rules.join(', ')}) → ${event.link}`);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    url: `http://${host}:${server.address().port}/hark`,
    port: server.address().port,
    events,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const receiver = await startWebhookReceiver({ port: Number(process.env.PORT ?? 8789), secret: process.env.HARK_WEBHOOK_SECRET });
  console.log(`Webhook receiver at ${receiver.url}; press Ctrl+C to stop.`);
  process.on('SIGINT', () => receiver.close().then(() => process.exit(0)));
}
