import { run, type Issue } from './check.js';
import { RECORD_CHECK } from './checks.generated.js';

/** What is wrong with a record about to be sent, as `path message`, or null when it is a valid wire record. */
export function recordProblem(record: unknown): string | null {
  const result = run(RECORD_CHECK, record);
  if (result.ok) return null;
  const issue: Issue | undefined = result.issues[0];
  return issue ? `${issue.path.join('.')} ${issue.message}` : 'unknown';
}
