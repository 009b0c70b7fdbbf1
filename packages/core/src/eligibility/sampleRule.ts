import { PASS, type EligibilityRule } from './types.js';
import { dev } from '../dev.js';

/** FNV-1a, 32 bits, scaled to [0, 1): stable for a given user and survey, so a reload never re-rolls. */
export function sampleBucket(userKey: string, surveyId: string): number {
  let hash = 0x811c9dc5;
  const text = `${userKey}\u0000${surveyId}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}

/** `targeting.sample` (0–1): only that share of users ever sees the survey. */
export const sampleRule: EligibilityRule = {
  name: 'sample',
  check({ survey, userKey }) {
    const sample = survey.targeting?.sample;
    if (sample === undefined || sample >= 1) return PASS;
    const bucket = sampleBucket(userKey, survey.id);
    return bucket < sample ? PASS : { ok: false, reason: dev(() => `this user is outside the ${Math.round(sample * 100)}% sample (bucket ${bucket.toFixed(3)})`) };
  },
};
