import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt at N = 2^15, r = 8: about 32 MB and tens of milliseconds per guess, so a
// leaked hash is slow to attack, and the login rate limit does the rest online.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

const derive = (password: string, salt: Buffer, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...options, maxmem: 256 * options.N! * options.r! }, (error, key) => (error ? reject(error) : resolve(key))),
  );

/**
 * Hashes an admin password for `HARK_ADMIN_PASSWORD_HASH`:
 * `scrypt:N:r:p:salt:hash`, salt and hash in base64url. No `$` in it, so it
 * can be pasted into a shell, a `.env` or a compose file without quoting.
 */
export async function hashPassword(password: string): Promise<string> {
  if (password.length < 12) throw new Error('the admin password must have at least 12 characters');
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join(':');
}

/** Whether a string has the form `hashPassword` writes (its parameters within sane bounds). */
export function isPasswordHash(value: string): boolean {
  const parts = value.split(':');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  return Number.isInteger(Math.log2(n)) && n >= 2 ** 14 && n <= 2 ** 20 && r >= 1 && r <= 32 && p >= 1 && p <= 16 && parts[4]!.length >= 16 && parts[5]!.length >= 32;
}

/** Checks a password against a `hashPassword` hash, in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (!isPasswordHash(hash)) return false;
  const [, n, r, p, salt, expected] = hash.split(':') as [string, string, string, string, string, string];
  const want = Buffer.from(expected, 'base64url');
  const got = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return got.length === want.length && timingSafeEqual(got, want);
}
