import { HarkError, type HarkErrorCode } from '../errors';

interface Issue {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
  readonly code?: string;
  readonly keys?: readonly string[];
}

/** An unknown key is reported at the key itself, so a typo names the typo. */
function normalize(issue: Issue): Issue {
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
    return { path: [...issue.path, issue.keys[0]!], message: `unknown key (allowed keys are listed in the docs); got ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
  }
  return issue;
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
  rawIssues: ReadonlyArray<Issue>,
  prefix = '',
): HarkError {
  const issues = rawIssues.map(normalize);
  const lines = issues.slice(0, 5).map((issue) => `${formatPath(issue.path, prefix) || '(root)'}: ${issue.message}`);
  if (issues.length > 5) lines.push(`…and ${issues.length - 5} more`);
  const first = issues[0];
  return new HarkError(code, `${what}: ${lines.join('; ')}`, {
    field: first ? formatPath(first.path, prefix) : prefix || undefined,
    details: rawIssues,
  });
}
