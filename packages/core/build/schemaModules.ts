// The modules deriveChecks.mjs reads, loaded together so a refinement in a schema is the same
// function as the one refinements.ts or scoring.ts exports.
import * as config from '../src/schema/config.js';
import * as refinements from '../src/schema/refinements.js';
import * as scoring from '../src/schema/scoring.js';
import * as survey from '../src/schema/survey.js';
import * as wire from '../src/schema/wire.js';

export const modules = { config, refinements, scoring, survey, wire };
