import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * The client's address. Behind `trustProxy` proxies, each of which appends the
 * address it saw to `X-Forwarded-For`, the client is that many entries from
 * the right: entries further left were written by the client and prove
 * nothing. Without a trusted proxy the header is ignored.
 */
export function clientIp(c: Context, trustProxy: number): string {
  const remote = normalise((c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown');
  if (trustProxy <= 0) return remote;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, remote];
  return normalise(chain[Math.max(0, chain.length - 1 - trustProxy)]!);
}

/** `::ffff:1.2.3.4` is the IPv4 client 1.2.3.4. */
const normalise = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/**
 * The key a client is rate limited by: its IPv4 address, or the /64 prefix of
 * its IPv6 address, since one household or host holds a whole /64.
 */
export function rateLimitKey(address: string): string {
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
