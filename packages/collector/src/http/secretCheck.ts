import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Builds a check for a presented secret (an ingest key, an admin token).
 * Secrets are compared as SHA-256 digests with `timingSafeEqual`, so neither a
 * secret's content nor its length leaks through response timing, and every
 * configured secret is always compared.
 */
export function createSecretCheck(secrets: readonly string[]): (presented: string | undefined) => boolean {
  const expected = secrets.map(digest);
  return (presented) => {
    if (presented === undefined || expected.length === 0) return false;
    const actual = digest(presented);
    let match = false;
    for (const secret of expected) match = timingSafeEqual(secret, actual) || match;
    return match;
  };
}
