import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { deriveChecks, OUTPUTS } from '../../build/deriveChecks.mjs';
import { modules } from '../../build/schemaModules';

// The browser's checks are written from the zod schemas (build/deriveChecks.mjs); checkMatchesZod.test.ts
// proves they judge as zod does. Here: the committed file is what the schemas derive today.

describe('the derived browser checks', () => {
  it('are the ones the zod schemas derive now (run `npm run derive` after changing a schema)', () => {
    for (const output of OUTPUTS) expect(readFileSync(output.target, 'utf8'), output.target).toBe(deriveChecks(modules, output));
  });

  it('name each check they share after the schema path that first uses it, optional ones apart', () => {
    const derived = deriveChecks(modules);
    expect(derived).toContain('const configRecontactDays = num(false, 0);');
    expect(derived).toContain('const optionalSurveyQuestion = opt(surveyQuestion);');
    expect(derived).toContain('urls: optionalSurveyTriggersItemPageviewExclude,');
    const record = deriveChecks(modules, OUTPUTS[1]);
    expect(record).toContain('  const optionalNullableWireRecordOption0UserId = opt(nullable(wireRecordOption0UserId));');
  });

  it('write the record check as a function of the combinators it is lent, importing none of them', () => {
    const record = deriveChecks(modules, OUTPUTS[1]);
    expect(record).toContain(`import type { Check, Checker } from './check.js';`);
    expect(record).toMatch(/export const recordCheck = \(\{ [A-Za-z, ]+ \}: Checker\): Check => \{\n/);
    expect(record).not.toMatch(/^import \{[^}]*\b(obj|str|union)\b[^}]*\} from '\.\/check\.js'/m);
  });

  it('refuse a refinement that refinements.ts does not name, rather than drop it', () => {
    const survey = { ...modules.survey, SurveySchema: z.strictObject({ id: z.string().check(z.refine((id) => id !== 'x')) }) };
    expect(() => deriveChecks({ ...modules, survey })).toThrow('SurveySchema.id: name this refinement in refinements.ts');
  });

  it('refuse what the browser checks cannot express', () => {
    const survey = { ...modules.survey, SurveySchema: z.strictObject({ at: z.date() }) };
    expect(() => deriveChecks({ ...modules, survey })).toThrow('SurveySchema.at: zod type "date" has no browser check');
  });
});
