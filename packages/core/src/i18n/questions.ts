import type { SurveyKind } from '../schema/survey';

type Questions = Readonly<Record<SurveyKind, string>>;

/** Default question per kind and language. The question is stored on each record, so it lives in core. */
const QUESTIONS: Readonly<Record<string, Questions>> = {
  en: {
    nps: 'How likely are you to recommend us to a friend or colleague?',
    ces: 'The company made it easy for me to handle my issue.',
    csat: 'How satisfied are you with your experience?',
  },
};

/** The base language of a BCP 47 tag that Hark has strings for, else `en`. */
export function baseLanguage(locale: string | undefined, available: readonly string[] = Object.keys(QUESTIONS)): string {
  const base = (locale ?? 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  return available.includes(base) ? base : 'en';
}

/** The default question for a kind in a locale. */
export function defaultQuestion(kind: SurveyKind, locale: string | undefined): string {
  return (QUESTIONS[baseLanguage(locale)] ?? QUESTIONS.en!)[kind];
}
