/**
 * A copy of a parsed JSON value whose strings every database can hold: lone
 * UTF-16 surrogates become U+FFFD (SQLite would store mangled bytes, jsonb
 * rejects them) and so does U+0000 (PostgreSQL text cannot hold it). Both are
 * valid JSON a client may send, so they are replaced rather than failing the
 * whole batch. Recursion is safe: ingest has already bounded the nesting.
 */
export function wellFormed<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return (value as string & { toWellFormed(): string }).toWellFormed().replace(/\u0000/g, '\uFFFD');
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [clean(key) as string, clean(item)]));
  return value;
}
