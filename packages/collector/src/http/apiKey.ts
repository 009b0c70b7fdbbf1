import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Builds a check for the API key header. Keys are compared as SHA-256 digests
 * with `timingSafeEqual`, so neither a key's content nor its length leaks
 * through response timing, and every configured key is always compared.
 */
export function createApiKeyCheck(keys: readonly string[]): (presented: string | undefined) => boolean {
  const expected = keys.map(digest);
  return (presented) => {
    if (presented === undefined) return false;
    const actual = digest(presented);
    let match = false;
    for (const key of expected) match = timingSafeEqual(key, actual) || match;
    return match;
  };
}
