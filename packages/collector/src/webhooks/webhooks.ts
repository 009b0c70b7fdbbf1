import { createHash } from 'node:crypto';
import type { WebhookStore } from '../store/webhookStore.js';
import { parseAlertRules, type AlertRule } from './alertRules.js';

/** A webhook the collector sends alerts to. */
export interface Webhook {
  /** Stable: `env-…` from the URL for configured ones, random for those added on the admin page. */
  readonly id: string;
  readonly url: string;
  readonly rules: readonly AlertRule[];
  /** `env` (`HARK_WEBHOOK_URL`, read-only on the page) or `admin` (added on the page). */
  readonly source: 'env' | 'admin';
  /** A Slack incoming webhook: sent as a Slack message (`{ text, blocks }`). */
  readonly slack: boolean;
}

/** Longest webhook URL accepted. */
export const MAX_WEBHOOK_URL = 2048;

/**
 * Why `url` cannot be a webhook, or null. Only http(s), no whitespace, no
 * fragment; the sender also follows no redirect and gives up after its timeout.
 */
export function webhookUrlProblem(url: string): string | null {
  if (url.length > MAX_WEBHOOK_URL) return `a webhook URL has at most ${MAX_WEBHOOK_URL} characters`;
  if (!URL.canParse(url) || /\s/.test(url)) return 'not a URL';
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'only http and https URLs can be webhooks';
  if (parsed.hash) return 'a webhook URL has no #fragment';
  return null;
}

/** Whether a URL is a Slack incoming webhook. */
export const isSlackUrl = (url: string): boolean => URL.canParse(url) && new URL(url).hostname === 'hooks.slack.com';

/** The webhooks from configuration (`HARK_WEBHOOK_URL`, `HARK_WEBHOOK_RULES`), each with an id derived from its URL. */
export function configuredWebhooks(urls: readonly string[], rules: readonly string[] = []): Webhook[] {
  const parsed = parseAlertRules(rules);
  return urls.map((url) => {
    const problem = webhookUrlProblem(url);
    if (problem) throw new Error(`webhook ${JSON.stringify(url.slice(0, 80))}: ${problem}`);
    return { id: `env-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`, url, rules: parsed, source: 'env' as const, slack: isSlackUrl(url) };
  });
}

/** The webhooks in force: configured ones, then those added on the admin page. */
export interface WebhookRegistry {
  /** Read through a short cache (`ttlMs`), so every batch does not query the table. */
  current(): Promise<readonly Webhook[]>;
  /** Forgets the cache (after a change on this process's admin page). */
  refresh(): void;
}

/**
 * The registry over `store`'s webhooks and the configured ones. A change made
 * on another process's admin page is seen here within `ttlMs` (default 5 s).
 */
export function createWebhookRegistry(store: WebhookStore, configured: readonly Webhook[], { ttlMs = 5000, now = Date.now } = {}): WebhookRegistry {
  let cached: { at: number; hooks: Promise<readonly Webhook[]> } | null = null;
  const load = async (): Promise<readonly Webhook[]> => {
    const stored = await store.list();
    return [
      ...configured,
      ...stored.map((hook) => ({ id: hook.id, url: hook.url, rules: parseAlertRules(hook.rules), source: 'admin' as const, slack: isSlackUrl(hook.url) })),
    ];
  };
  return {
    current() {
      if (!cached || now() - cached.at >= ttlMs) {
        const hooks = load();
        cached = { at: now(), hooks };
        // A failed read is not cached: the next batch tries again.
        hooks.catch(() => (cached = null));
      }
      return cached.hooks;
    },
    refresh() {
      cached = null;
    },
  };
}

/** A URL for pages: the host and the path's first segment, never the rest (a Slack URL is itself a secret). */
export function maskUrl(url: string): string {
  if (!URL.canParse(url)) return '(not a URL)';
  const parsed = new URL(url);
  const [first = '', ...rest] = parsed.pathname.slice(1).split('/');
  return `${parsed.protocol}//${parsed.host}/${first.slice(0, 24)}${rest.length || first.length > 24 ? '/…' : ''}${parsed.search ? '?…' : ''}`;
}
