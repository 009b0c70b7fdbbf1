import type { Checker, Issue } from './check.js';
import type { RequestHeaders } from './config.js';
import { recordCheck } from './recordCheck.generated.js';

/** The schema checks the delivery code needs, made of the combinators the client lends (the boot file's). */
export interface WireChecks {
  /** What is wrong with a stored record about to be sent, as `path message`, or null when it is a valid wire record. */
  record(value: unknown): string | null;
  /** The headers a `headers` function gave, checked as config's are; throws a TypeError naming the problem when they cannot be sent. */
  headers(value: unknown): RequestHeaders;
}

/**
 * The delivery code's checks, built of `checker`: the client lends its own, as
 * the checker is in the file every page loads already, and the delivery code
 * is fetched later, often as a file of its own, which would carry a second copy.
 */
export function wireChecks(checker: Checker): WireChecks {
  const { run, rec, str } = checker;
  const record = recordCheck(checker);
  // What a `headers` function must give: what `config.headers` accepts as an object.
  const headers = rec(str());
  return {
    record(value) {
      const result = run(record, value);
      if (result.ok) return null;
      const issue: Issue | undefined = result.issues[0];
      return issue ? `${issue.path.join('.')} ${issue.message}` : 'unknown';
    },
    headers(value) {
      const result = run<RequestHeaders>(headers, value);
      if (result.ok) return result.value;
      const key = result.issues[0]!.path[0];
      throw new TypeError(
        key === undefined ? `it gave ${String(value)}, not a plain object of strings` : `header "${String(key)}" is ${typeof (value as Record<PropertyKey, unknown>)[key]}, not a string`,
      );
    },
  };
}
