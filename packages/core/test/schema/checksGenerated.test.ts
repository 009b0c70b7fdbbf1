import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { deriveChecks, TARGET } from '../../build/deriveChecks.mjs';
import { modules } from '../../build/schemaModules';

// The browser's checks are written from the zod schemas (build/deriveChecks.mjs); checkMatchesZod.test.ts
// proves they judge as zod does. Here: the committed file is what the schemas derive today.

describe('the derived browser checks', () => {
  it('are the ones the zod schemas derive now (run `npm run derive` after changing a schema)', () => {
    expect(readFileSync(TARGET, 'utf8')).toBe(deriveChecks(modules));
  });

  it('name each check they share after the schema path that first uses it, optional ones apart', () => {
    const derived = deriveChecks(modules);
    expect(derived).toContain('const surveyKind = oneOf(["nps","ces","csat"]);');
    expect(derived).toContain('const optionalSurveyQuestion = opt(surveyQuestion);');
    expect(derived).toContain('const optionalNullableWireRecordOption0UserId = opt(nullable(wireRecordOption0UserId));');
    expect(derived).toContain('urls: optionalSurveyTriggersItemPageviewExclude,');
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
