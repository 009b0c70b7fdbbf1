import { ALERT_STATUSES, type AlertCursor, type AlertEvent, type AlertStatus } from '../store/alertStore.js';
import { escapeHtml as e } from '../results/html.js';
import { adminPage } from '../results/pageStyle.js';
import { describeRule } from './alertRules.js';
import { maskUrl, type Webhook } from './webhooks.js';

/** What the webhooks page is drawn from. */
export interface WebhooksView {
  readonly hooks: readonly Webhook[];
  /** Whether bodies are signed (`HARK_WEBHOOK_SECRET` is set). */
  readonly signed: boolean;
  readonly events: readonly AlertEvent[];
  readonly next: AlertCursor | null;
  readonly status: AlertStatus | null;
  readonly counts: Record<AlertStatus, number>;
  /** A problem with the last form sent, shown next to it. */
  readonly problem?: string;
  /** What the form held, kept when it had a problem. */
  readonly draft?: { readonly url: string };
  readonly notice?: string;
}

const STATUS_WORDS: Record<AlertStatus, string> = { pending: 'Pending', delivered: 'Delivered', dead: 'Gave up' };
const when = (iso: string | null) => (iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : '—');

function hooksTable(view: WebhooksView): string {
  if (view.hooks.length === 0) return '<p>No webhook yet. Add one below, or set <code>HARK_WEBHOOK_URL</code>.</p>';
  const rows = view.hooks
    .map((hook) => {
      const remove =
        hook.source === 'admin'
          ? `<form method="post" action="/webhooks/${e(encodeURIComponent(hook.id))}/delete"><button type="submit" class="quiet">Remove<span class="sr"> ${e(maskUrl(hook.url))}</span></button></form>`
          : '<span class="muted">from HARK_WEBHOOK_URL</span>';
      return `<tr><td>${e(maskUrl(hook.url))}${hook.slack ? ' <span class="badge">Slack</span>' : ''}</td><td>${e(hook.rules.map(describeRule).join(', '))}</td><td>${remove}</td></tr>`;
    })
    .join('');
  return `<table aria-label="Webhooks"><thead><tr><th>URL</th><th>Sent for</th><th><span class="sr">Actions</span></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function addForm(view: WebhooksView): string {
  const problem = view.problem ? `<p class="error" id="hook-problem" role="alert">${e(view.problem)}</p>` : '';
  const invalid = view.problem ? ' aria-invalid="true" aria-describedby="hook-problem"' : '';
  const check = (rule: string, text: string, checked: boolean) => `<label class="inline"><input type="checkbox" name="rule" value="${rule}"${checked ? ' checked' : ''}> ${text}</label>`;
  return `<form method="post" action="/webhooks" class="stack" aria-label="Add a webhook"><label>URL (https://…; a Slack incoming webhook gets a Slack message)<input type="url" name="url" required maxlength="2048" value="${e(view.draft?.url ?? '')}"${invalid}></label>${problem}<fieldset><legend>Send for</legend>${check('low', 'Detractors and low scores', true)}${check('comment', 'Any answer with a comment', false)}${check('any', 'Every answer', false)}<div class="triggers"><label>NPS at most<input type="number" name="nps" min="0" max="10" inputmode="numeric"></label><label>CSAT at most<input type="number" name="csat" min="1" max="5" inputmode="numeric"></label><label>CES at most<input type="number" name="ces" min="1" max="7" inputmode="numeric"></label></div></fieldset><div><button type="submit">Add webhook</button></div></form>`;
}

function deliveries(view: WebhooksView): string {
  const tab = (status: AlertStatus | null, text: string) => `<a href="/webhooks${status ? `?status=${status}` : ''}#deliveries"${view.status === status ? ' aria-current="page"' : ''}>${text}</a>`;
  const all = view.counts.pending + view.counts.delivered + view.counts.dead;
  const tabs = `<nav class="tabs" aria-label="Deliveries by status">${tab(null, `All (${all})`)}${ALERT_STATUSES.map((status) => tab(status, `${STATUS_WORDS[status]} (${view.counts[status]})`)).join('')}</nav>`;
  if (view.events.length === 0) return `${tabs}<p>No deliveries${view.status ? ' with this status' : ' yet'}.</p>`;
  const hookUrl = new Map(view.hooks.map((hook) => [hook.id, maskUrl(hook.url)]));
  const rows = view.events
    .map((event) => {
      const last = event.lastAttemptAt ? `${event.lastStatus ?? ''} ${event.lastError ?? (event.lastStatus ? 'OK' : '')} at ${when(event.lastAttemptAt)}`.trim() : 'not tried yet';
      const after = event.status === 'delivered' ? `delivered ${when(event.deliveredAt)}` : event.status === 'pending' ? `next try ${when(event.nextAttemptAt)}` : `retried until ${when(event.retryUntil)}`;
      const resend = `<form method="post" action="/webhooks/deliveries/${e(encodeURIComponent(event.eventId))}/resend"><button type="submit" class="quiet">Re-send<span class="sr"> ${e(event.eventId)}</span></button></form>`;
      return `<tr><td><code>${e(event.eventId)}</code></td><td>${e(hookUrl.get(event.hookId) ?? 'removed webhook')}</td><td><a href="/inbox/${e(encodeURIComponent(event.recordId))}">answer</a> · ${e(event.rules.split(',').map(describeRule).join(', '))}</td><td><span class="badge">${e(STATUS_WORDS[event.status])}</span></td><td class="num">${event.attempts}</td><td>${e(last)}</td><td>${e(after)}</td><td>${resend}</td></tr>`;
    })
    .join('');
  const more = view.next ? `<nav class="pages" aria-label="Delivery pages"><a rel="next" href="/webhooks?${e(new URLSearchParams({ ...(view.status ? { status: view.status } : {}), after: Buffer.from(JSON.stringify([view.next.createdAt, view.next.eventId])).toString('base64url') }).toString())}#deliveries">Older deliveries</a></nav>` : '';
  return `${tabs}<table aria-label="Recent deliveries"><thead><tr><th>Event</th><th>Webhook</th><th>For</th><th>Status</th><th class="num">Tries</th><th>Last try</th><th>Then</th><th><span class="sr">Actions</span></th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

/** The webhooks page: the webhooks in force, a form to add one, and recent deliveries with a re-send button each. */
export function renderWebhooksPage(view: WebhooksView): string {
  const signing = view.signed
    ? '<p>Every body is signed: <code>Hark-Signature: t=…,v1=…</code> (HMAC-SHA256 with <code>HARK_WEBHOOK_SECRET</code>; see the README for checking it).</p>'
    : '<p class="notice">Bodies are not signed: set <code>HARK_WEBHOOK_SECRET</code> so receivers can tell they came from this collector.</p>';
  const notice = view.notice ? `<p class="notice" role="status">${e(view.notice)}</p>` : '';
  return adminPage(
    'Webhooks',
    'Webhooks',
    `<h2>Webhooks</h2>${notice}<p>An alert is queued with the answer that matches a webhook's rules, in the same transaction, and sent from there: retried with backoff for 24 hours, each event with a stable id (<code>Hark-Event-Id</code>) so a receiver can drop repeats.</p>${signing}${hooksTable(view)}<h3>Add a webhook</h3>${addForm(view)}<h3 id="deliveries">Recent deliveries</h3>${deliveries(view)}`,
  );
}
