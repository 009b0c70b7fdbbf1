import { matchAttribute } from './matchAttribute.js';
import { PASS, type EligibilityRule } from './types.js';
import { toJson } from '../toJson.js';
import { dev } from '../dev.js';

/** `targeting.attributes`: every listed user attribute must match (from `init({ user })` and `identify`). */
export const attributesRule: EligibilityRule = {
  name: 'attributes',
  check({ survey, attributes }) {
    for (const [name, matcher] of Object.entries(survey.targeting?.attributes ?? {})) {
      if (!matchAttribute(matcher, attributes[name])) {
        return { ok: false, reason: dev(() => `user attribute "${name}" is ${toJson(attributes[name]) ?? 'missing'}, which does not match ${toJson(matcher)}`) };
      }
    }
    return PASS;
  },
};
