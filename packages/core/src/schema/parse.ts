import { HarkError } from '../errors.js';
import { run } from './check.js';
import type { HarkConfig } from './config.js';
import { CONFIG_CHECK, SURVEY_CHECK } from './checks.generated.js';
import { issuesToError } from './issues.js';
import type { Survey } from './survey.js';

/**
 * Validates `init`'s config. Throws a HarkError (`invalid_config` or
 * `invalid_survey`) whose message and `field` name the offending input.
 */
export function parseConfig(input: unknown): HarkConfig {
  if (typeof input !== 'object' || input === null) {
    throw new HarkError('invalid_config', 'init(config) needs an object such as { endpoint: "https://…", surveys: [...] }');
  }
  const result = run<Omit<HarkConfig, 'surveys'> & { surveys?: unknown[] }>(CONFIG_CHECK, input);
  if (!result.ok) throw issuesToError('invalid_config', 'invalid config', result.issues);
  const surveys = (result.value.surveys ?? []).map((raw, index) => parseSurvey(raw, `surveys[${index}]`));
  const seen = new Set<string>();
  surveys.forEach((survey, index) => {
    if (seen.has(survey.id)) {
      throw new HarkError('invalid_survey', `surveys[${index}].id: duplicate survey id "${survey.id}"`, {
        field: `surveys[${index}].id`,
      });
    }
    seen.add(survey.id);
  });
  return { ...result.value, surveys };
}

/** ` "<id>"` when `input` has a string id, for an error's wording. */
const idOf = (input: unknown) => (typeof input === 'object' && input !== null && typeof (input as { id?: unknown }).id === 'string' ? ` "${(input as { id: string }).id}"` : '');

/** Validates one survey definition; the error names the survey and the field. */
export function parseSurvey(input: unknown, where = 'survey'): Survey {
  const result = run<Survey>(SURVEY_CHECK, input);
  if (result.ok) return result.value;
  throw issuesToError('invalid_survey', () => `invalid survey${idOf(input)}`, result.issues, where);
}
