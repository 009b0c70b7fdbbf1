import { describe, expect, it } from 'vitest';
import { languageOf, HarkError } from '@hark/core';
import { defaultQuestion, parseConfig } from '@hark/core/schema';

describe('default questions per kind and locale', () => {
  it.each([
    ['en', 'nps', 'How likely are you to recommend us to a friend or colleague?'],
    ['de-DE', 'ces', 'Das Unternehmen hat es mir leicht gemacht, mein Anliegen zu erledigen.'],
    ['fr', 'csat', 'Dans quelle mesure êtes-vous satisfait de votre expérience ?'],
    ['es-MX', 'nps', '¿Qué probabilidad hay de que nos recomiende a un amigo o colega?'],
    ['nl_BE', 'csat', 'Hoe tevreden bent u over uw ervaring?'],
    ['pt-BR', 'ces', 'A empresa facilitou a resolução do meu problema.'],
    ['ja', 'csat', '今回のご利用にどの程度満足していますか？'],
    ['ar-EG', 'nps', 'ما مدى احتمال أن توصي بنا لصديق أو زميل؟'],
    ['he', 'ces', 'החברה הקלה עליי לטפל בבעיה שלי.'],
  ] as const)('%s %s', (locale, kind, question) => {
    expect(defaultQuestion(kind, locale)).toBe(question);
  });

  it('falls back to English for unknown or missing locales', () => {
    expect(languageOf('sw-KE')).toBe('en');
    expect(languageOf(undefined)).toBe('en');
    expect(defaultQuestion('ces', 'xx')).toBe('The company made it easy for me to handle my issue.');
  });
});

describe('survey presentation fields', () => {
  const base = { id: 's', triggers: [{ on: 'event', event: 'x' }] };

  it('accepts stars and faces for CSAT and per-survey strings', () => {
    const config = parseConfig({ endpoint: '/r', surveys: [{ ...base, kind: 'csat', display: 'faces', strings: { send: 'Go', choices: ['a', 'b'] } }] });
    expect(config.surveys[0]).toMatchObject({ display: 'faces', strings: { send: 'Go', choices: ['a', 'b'] } });
  });

  it.each([
    [{ ...base, kind: 'nps', display: 'stars' }, 'surveys[0].display'],
    [{ ...base, kind: 'csat', display: 'hearts' }, 'surveys[0].display'],
    [{ ...base, kind: 'csat', strings: { sned: 'Go' } }, 'surveys[0].strings.sned'],
    [{ ...base, kind: 'csat', strings: { send: '' } }, 'surveys[0].strings.send'],
  ])('rejects %o naming %s', (survey, field) => {
    let error: unknown;
    try {
      parseConfig({ endpoint: '/r', surveys: [survey] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HarkError);
    expect((error as HarkError).code).toBe('invalid_survey');
    expect((error as HarkError).field).toBe(field);
  });
});
