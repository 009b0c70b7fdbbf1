import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { HttpError } from '../http/httpError.js';
import { whoIs } from '../inbox/inboxRoutes.js';
import { ALERT_STATUSES, type AlertCursor, type AlertStatus } from '../store/alertStore.js';
import type { RecordsStore } from '../store/types.js';
import { parseAlertRules } from './alertRules.js';
import { DEFAULT_RETRY_FOR_MS } from './planAlerts.js';
import { renderWebhooksPage, type WebhooksView } from './webhookPages.js';
import { webhookUrlProblem, type WebhookRegistry } from './webhooks.js';

/** What the webhook routes need besides the store. */
export interface WebhookRouteOptions {
  readonly store: RecordsStore;
  readonly registry: WebhookRegistry;
  readonly signed: boolean;
  /** Wakes the worker (a re-send is due now). */
  readonly onQueued: () => void;
  readonly retryForMs?: number;
}

/** Deliveries one page lists. */
const DELIVERIES_PER_PAGE = 50;

function cursorOf(text: string | undefined): AlertCursor | null {
  if (!text || text.length > 300) return null;
  try {
    const [createdAt, eventId] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    return typeof createdAt === 'string' && typeof eventId === 'string' ? { createdAt, eventId } : null;
  } catch {
    return null;
  }
}

async function view(c: Context, options: WebhookRouteOptions, extra: Partial<WebhooksView> = {}): Promise<WebhooksView> {
  const status = (ALERT_STATUSES as readonly string[]).includes(c.req.query('status') ?? '') ? (c.req.query('status') as AlertStatus) : null;
  const [hooks, page, counts] = await Promise.all([
    options.registry.current(),
    options.store.alerts.list(status ? { status } : {}, { limit: DELIVERIES_PER_PAGE, after: cursorOf(c.req.query('after')) }),
    options.store.alerts.counts(),
  ]);
  const resent = c.req.query('resent');
  return { hooks, signed: options.signed, events: page.events, next: page.next, status, counts, ...(resent ? { notice: `Event ${resent.slice(0, 60)} is due again: it is sent within a few seconds.` } : {}), ...extra };
}

/** `GET /webhooks`. */
export async function webhooksPage(c: Context, options: WebhookRouteOptions): Promise<Response> {
  return c.html(renderWebhooksPage(await view(c, options)));
}

/** `POST /webhooks`: adds a webhook from the form (URL, rule boxes, thresholds). */
export async function addWebhook(c: Context, options: WebhookRouteOptions): Promise<Response> {
  const form = await c.req.parseBody({ all: true });
  const url = typeof form.url === 'string' ? form.url.trim() : '';
  const boxes = ([] as unknown[]).concat(form.rule ?? []).filter((rule): rule is string => typeof rule === 'string');
  const thresholds = (['nps', 'csat', 'ces'] as const).flatMap((kind) => (typeof form[kind] === 'string' && form[kind] !== '' ? [`${kind}<=${form[kind] as string}`] : []));
  let problem = webhookUrlProblem(url);
  let rules: string[] = [];
  if (!problem) {
    try {
      rules = parseAlertRules([...boxes, ...thresholds]);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
  }
  if (problem) return c.html(renderWebhooksPage(await view(c, options, { problem, draft: { url } })), 400);
  await options.store.webhooks.add({ id: randomUUID(), url, rules: rules.join(','), createdAt: new Date().toISOString(), createdBy: whoIs(c) });
  options.registry.refresh();
  return c.redirect('/webhooks', 303);
}

/** `POST /webhooks/:id/delete`: removes a webhook added on the page. Its pending events give up at their next try. */
export async function removeWebhook(c: Context, options: WebhookRouteOptions): Promise<Response> {
  if (!(await options.store.webhooks.remove(c.req.param('id') ?? ''))) throw new HttpError(404, 'no webhook with this id was added on this page');
  options.registry.refresh();
  return c.redirect('/webhooks', 303);
}

/** `POST /webhooks/deliveries/:id/resend`: the event is due again, with the same id, and retried for another 24 h. */
export async function resendDelivery(c: Context, options: WebhookRouteOptions): Promise<Response> {
  const eventId = c.req.param('id') ?? '';
  const now = new Date();
  if (!(await options.store.alerts.resend(eventId, now, new Date(now.getTime() + (options.retryForMs ?? DEFAULT_RETRY_FOR_MS))))) throw new HttpError(404, 'no delivery with this event id');
  options.onQueued();
  return c.redirect(`/webhooks?resent=${encodeURIComponent(eventId)}#deliveries`, 303);
}
