import { HarkError, type HarkErrorCode } from '../errors';

interface Issue {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
}

/** `['surveys', 0, 'triggers', 1, 'on']` → `surveys[0].triggers[1].on`. */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Turns schema issues into one HarkError whose message names every bad field. */
export function issuesToError(
  code: HarkErrorCode,
  what: string,
  issues: ReadonlyArray<Issue>,
  prefix = '',
): HarkError {
  const lines = issues.slice(0, 5).map((issue) => `${formatPath(issue.path, prefix) || '(root)'}: ${issue.message}`);
  if (issues.length > 5) lines.push(`…and ${issues.length - 5} more`);
  const first = issues[0];
  return new HarkError(code, `${what}: ${lines.join('; ')}`, {
    field: first ? formatPath(first.path, prefix) : prefix || undefined,
    details: issues,
  });
}
