import { HarkError, type HarkErrorCode } from '../errors.js';
import { toJson } from '../toJson.js';

/** The parts of a zod issue the formatter reads (zod/mini ships no message locale, so we word them). */
interface Issue {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
  readonly code?: string;
  readonly keys?: readonly string[];
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly options?: readonly unknown[];
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly inclusive?: boolean;
  readonly maximum?: number | bigint;
  readonly format?: string;
  readonly errors?: ReadonlyArray<ReadonlyArray<Issue>>;
}

const list = (values: readonly unknown[]) => values.map((value) => toJson(value)).join(', ');

/** Words for one issue: what was expected, in terms a developer can act on. */
function describe(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${list(issue.values ?? [])}`;
    case 'unrecognized_keys':
      return `unknown key ${list(issue.keys ?? [])}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      if (issue.origin === 'array') return `needs at least ${issue.minimum} item(s)`;
      if (issue.origin === 'string') return `must be at least ${issue.minimum} characters`;
      return issue.inclusive === false ? `must be greater than ${issue.minimum}` : `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `allows at most ${issue.maximum} item(s)`;
      return issue.origin === 'string' ? `must be at most ${issue.maximum} characters` : `must be at most ${issue.maximum}`;
    case 'invalid_union':
      if (issue.options?.length) return `expected one of ${list(issue.options)}`;
      return 'does not match any allowed form';
    case 'invalid_format':
      return issue.message !== 'Invalid input' ? issue.message : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return 'must be a whole number';
    default:
      return issue.message;
  }
}

/** An unknown key is reported at the key itself, so a typo names the typo. */
function pathOf(issue: Issue): ReadonlyArray<PropertyKey> {
  if (issue.code === 'unrecognized_keys' && issue.keys?.[0]) return [...issue.path, issue.keys[0]];
  return issue.path;
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

/** Every bad field and what it expects, the first five of them. */
function wordIssues(issues: ReadonlyArray<Issue>, prefix: string): string {
  const lines = issues.slice(0, 5).map((issue) => `${formatPath(pathOf(issue), prefix) || '(root)'}: ${describe(issue)}`);
  if (issues.length > 5) lines.push(`…and ${issues.length - 5} more`);
  return lines.join('; ');
}

/**
 * Turns schema issues into one HarkError whose message names every bad field
 * and what it expects (production builds drop the message, and with it this
 * wording: `field` names the first, `details` holds every issue).
 */
export function issuesToError(code: HarkErrorCode, what: string | (() => string), issues: ReadonlyArray<Issue>, prefix = ''): HarkError {
  const first = issues[0];
  return new HarkError(code, `${typeof what === 'function' ? what() : what}: ${wordIssues(issues, prefix)}`, {
    field: first ? formatPath(pathOf(first), prefix) : prefix || undefined,
    details: issues,
  });
}
