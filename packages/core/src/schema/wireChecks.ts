import { rec, run, str, type Issue } from './check.js';
import { RECORD_CHECK } from './checks.generated.js';
import type { RequestHeaders } from './config.js';

/**
 * The schema checks the delivery code needs, lent to it by the client: the
 * checker is in the file every page loads already, and the delivery code is
 * fetched later, often as a file of its own, which would carry a second copy.
 */
export interface WireChecks {
  /** What is wrong with a stored record about to be sent, as `path message`, or null when it is a valid wire record. */
  record(value: unknown): string | null;
  /** The headers a `headers` function gave, checked as config's are; throws a TypeError naming the problem when they cannot be sent. */
  headers(value: unknown): RequestHeaders;
}

/** What is wrong with a record about to be sent, as `path message`, or null when it is a valid wire record. */
export function recordProblem(record: unknown): string | null {
  const result = run(RECORD_CHECK, record);
  if (result.ok) return null;
  const issue: Issue | undefined = result.issues[0];
  return issue ? `${issue.path.join('.')} ${issue.message}` : 'unknown';
}

/** What a `headers` function must give: what `config.headers` accepts as an object. */
const HEADERS_CHECK = rec(str());

function checkedHeaders(value: unknown): RequestHeaders {
  const result = run<RequestHeaders>(HEADERS_CHECK, value);
  if (result.ok) return result.value;
  const key = result.issues[0]!.path[0];
  throw new TypeError(
    key === undefined ? `it gave ${String(value)}, not a plain object of strings` : `header "${String(key)}" is ${typeof (value as Record<PropertyKey, unknown>)[key]}, not a string`,
  );
}

export const wireChecks: WireChecks = { record: recordProblem, headers: checkedHeaders };
