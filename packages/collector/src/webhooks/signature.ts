import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a webhook's signature travels in. */
export const SIGNATURE_HEADER = 'Hark-Signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` with `secret`: what a
 * receiver recomputes to know the body came from this collector, unchanged,
 * recently (the time is signed too, so an old delivery cannot be replayed
 * later than the receiver's tolerance).
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const t = Math.floor(unixSeconds);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/**
 * Whether `header` is a valid signature of `body` with `secret`, made at most
 * `toleranceSeconds` (default 300) from `nowSeconds`. The README's receiver
 * snippet does the same in a dozen lines.
 */
export function verifyWebhook(secret: string, body: string, header: string | null | undefined, { toleranceSeconds = 300, nowSeconds = Date.now() / 1000 } = {}): boolean {
  const parts = new Map((header ?? '').split(',').map((part) => part.trim().split('=') as [string, string]));
  const t = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  const expected = createHmac('sha256', secret).update(`${parts.get('t')}.${body}`).digest();
  return Number.isInteger(t) && Math.abs(nowSeconds - t) <= toleranceSeconds && given.length === expected.length && timingSafeEqual(given, expected);
}
